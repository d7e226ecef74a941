package dev.coffer.files;

import static dev.coffer.files.FilesEndToEndTest.archive;
import static dev.coffer.files.FilesEndToEndTest.bytes;
import static dev.coffer.files.FilesEndToEndTest.dirs;
import static dev.coffer.files.FilesEndToEndTest.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Folder listings page by page over HTTP, and the archive of a nested tree. */
class FolderListingEndToEndTest extends EndToEndTest {

  private String alice;

  @BeforeEach
  void user() {
    alice = newUser("alice");
  }

  @Test
  void listWhenRecursiveInPagesThenDepthFirstInNameOrderEachEntryOnce() {
    for (String f : List.of("t/b.txt", "t/a/y", "t/a/x/deep", "t/a.txt", "t/c/z")) {
      me().body(bytes(f.length())).put(files(f)).then().statusCode(201);
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      RequestSpecification request = me().queryParam("recursive", true).queryParam("limit", 2);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      Response page = request.get(dirs("t"));
      page.then().statusCode(200).body("path", equalTo("t"));
      seen.addAll(page.jsonPath().getList("entries.path"));
      cursor = page.jsonPath().getString("nextCursor");
    } while (cursor != null);
    assertThat(seen)
        .containsExactly(
            "t/a.txt", "t/a", "t/a/x", "t/a/x/deep", "t/a/y", "t/b.txt", "t/c", "t/c/z");
  }

  @Test
  void listWhenCursorIsNotThisListingsThen400Problem() {
    me().body("1").put(files("p/a")).then().statusCode(201);
    me().body("2").put(files("p/b")).then().statusCode(201);
    String cursor = me().queryParam("limit", 1).get(dirs("p")).jsonPath().getString("nextCursor");
    for (RequestSpecification wrong :
        List.of(
            me().queryParam("cursor", "not a cursor"),
            me().queryParam("cursor", cursor).queryParam("sort", "size"),
            me().queryParam("cursor", cursor).queryParam("recursive", true))) {
      wrong
          .get(dirs("p"))
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("code", equalTo("invalid-operation"));
    }
    me().queryParam("cursor", cursor).get("/api/v1/dirs").then().statusCode(400);
    me().queryParam("cursor", cursor).get(dirs("p")).then().statusCode(200);
  }

  @Test
  void archiveWhenNestedTreeThenEveryFolderAndFileWithItsBytes() throws IOException {
    Map<String, byte[]> written = new HashMap<>();
    for (String f : List.of("n/top.bin", "n/a/one.bin", "n/a/b/two.bin", "n/a/b/c/three.bin")) {
      written.put(f.substring(2), bytes(f.length() * 3000));
      me().body(written.get(f.substring(2))).put(files(f)).then().statusCode(201);
    }
    me().post(dirs("n/empty")).then().statusCode(201);
    Response zip = me().get(archive("n"));
    zip.then().statusCode(200).contentType("application/zip");
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.asByteArray()))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        assertThat(entries.put(e.getName(), in.readAllBytes())).as(e.getName()).isNull();
      }
    }
    assertThat(entries.keySet())
        .containsExactlyInAnyOrder(
            "top.bin",
            "a/",
            "a/one.bin",
            "a/b/",
            "a/b/two.bin",
            "a/b/c/",
            "a/b/c/three.bin",
            "empty/");
    written.forEach((name, content) -> assertThat(entries.get(name)).isEqualTo(content));
  }

  private RequestSpecification me() {
    return as(alice);
  }
}
