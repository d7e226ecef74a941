package dev.coffer.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paths with {@code /} sent as {@code %2F}, as Swagger UI sends the {@code path} parameter: every
 * files, dirs and archive operation takes them as folder separators, and they lead to the same
 * files as plain slashes.
 */
class EncodedSlashEndToEndTest extends EndToEndTest {

  private String alice;

  @BeforeEach
  void user() {
    alice = newUser("slash");
  }

  private RequestSpecification alice() {
    return as(alice).urlEncodingEnabled(false);
  }

  @Test
  void uploadWhenPathHasEncodedSlashesThenStoredInNestedFolders() throws IOException {
    alice()
        .body("quarterly")
        .put("/api/v1/files/docs%2F2026%2Freport.txt")
        .then()
        .statusCode(201)
        .body("path", equalTo("docs/2026/report.txt"))
        .body("name", equalTo("report.txt"));
    assertThat(STORAGE.resolve("homes").resolve(alice).resolve("docs/2026/report.txt"))
        .hasContent("quarterly");
    alice()
        .multiPart("file", "form.txt", "from a form".getBytes(StandardCharsets.UTF_8))
        .post("/api/v1/files/docs%2f2026")
        .then()
        .statusCode(201)
        .body("[0].path", equalTo("docs/2026/form.txt"));
  }

  @Test
  void downloadListArchiveAndDeleteWhenPathHasEncodedSlashesThenSameAsPlainSlashes()
      throws IOException {
    alice().body("quarterly").put("/api/v1/files/docs/2026/report.txt").then().statusCode(201);

    Response download = alice().get("/api/v1/files/docs%2F2026%2Freport.txt");
    download.then().statusCode(200);
    assertThat(download.asString()).isEqualTo("quarterly");
    assertThat(download.header("ETag"))
        .isEqualTo(alice().get("/api/v1/files/docs/2026/report.txt").header("ETag"));
    alice().head("/api/v1/files/docs%2F2026%2Freport.txt").then().statusCode(200);

    alice()
        .get("/api/v1/dirs/docs%2F2026")
        .then()
        .statusCode(200)
        .body("path", equalTo("docs/2026"))
        .body("entries.path", equalTo(List.of("docs/2026/report.txt")));

    byte[] zip =
        alice().get("/api/v1/archive/docs%2F2026").then().statusCode(200).extract().asByteArray();
    assertThat(zipEntries(zip)).containsExactly("report.txt");

    alice().post("/api/v1/dirs/docs%2F2026%2Fold").then().statusCode(201);
    alice()
        .contentType(ContentType.JSON)
        .body(Map.of("from", "docs/2026/report.txt", "to", "docs/2026/old/report.txt"))
        .post("/api/v1/ops/move")
        .then()
        .statusCode(200);
    alice().delete("/api/v1/files/docs%2F2026%2Fold%2Freport.txt").then().statusCode(204);
    alice().delete("/api/v1/dirs/docs%2F2026%2Fold").then().statusCode(204);
    assertThat(Files.list(STORAGE.resolve("homes").resolve(alice).resolve("docs/2026"))).isEmpty();
  }

  @Test
  void traversalWhenSpelledWithEncodedSlashesThenRefusedAndNothingWritten() {
    for (String path :
        List.of(
            "docs%2F..%2F..%2Fvictim",
            "..%2Fvictim",
            "docs%2F.%2Fx",
            "docs%2F%2Fx",
            "%2Fx",
            "docs%2F%2e%2e%2Fx",
            "docs%2F%252e%252e%2Fx")) {
      Response response = alice().body("evil").put("/api/v1/files/" + path);
      assertThat(response.statusCode()).as(path).isEqualTo(400);
      assertThat(response.contentType()).as(path).startsWith("application/problem+json");
      assertThat(response.jsonPath().getString("code")).as(path).isEqualTo("invalid-path");
    }
    assertThat(STORAGE.resolve("homes").resolve(alice).resolve("docs")).doesNotExist();
    assertThat(STORAGE.resolve("homes").resolve("victim")).doesNotExist();
  }

  private static List<String> zipEntries(byte[] zip) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }
}
