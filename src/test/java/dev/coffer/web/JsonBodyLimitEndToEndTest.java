package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import dev.coffer.support.RepeatedBytes;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.context.TestPropertySource;

/** Every JSON body is held to one size limit, here 4 KiB; streamed bodies are not JSON. */
@TestPropertySource(
    properties = {"coffer.http.max-json-size=4KB", "logging.level.dev.coffer.web=DEBUG"})
class JsonBodyLimitEndToEndTest extends EndToEndTest {

  private static final int LIMIT = 4096;

  @ParameterizedTest
  @CsvSource({
    "POST, /api/v1/tokens, name",
    "POST, /api/v1/ops/move, from",
    "POST, /api/v1/users, username",
    "PUT, /api/v1/me/password, currentPassword",
    "PATCH, /api/v1/users/admin, password",
    "POST, /api/v1/keys, name",
  })
  void jsonBodyWhenOverTheLimitThen413NamingIt(String method, String path, String field) {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(jsonOf(field, LIMIT + 1))
        .request(method, path)
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("code", equalTo("payload-too-large"))
        .body("detail", containsString("4096 bytes"))
        .body("detail", containsString("coffer.http.max-json-size"));
  }

  @Test
  void jsonBodyWhenUnderTheLimitThenHandledAsUsual() {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(jsonOf("name", LIMIT - 100))
        .post("/api/v1/tokens")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-request"));
  }

  @Test
  void cryptoBodyWhenOverTheLimitThenTheDetailPointsAtTheStreamEndpoints() {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(jsonOf("text", LIMIT + 1))
        .post("/api/v1/keys/any/encrypt")
        .then()
        .statusCode(413)
        .body("detail", containsString("coffer.http.max-json-size"))
        .body("detail", containsString("encrypt-stream"));
  }

  @Test
  void chunkedJsonBodyWhenFiftyMegabytesThen413AfterReadingNoMoreThanTheLimit() throws Exception {
    long size = 50L * 1024 * 1024;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tokens"))
            .header("Authorization", basicAdmin())
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(() -> new RepeatedBytes((byte) ' ', size)))
            .build();

    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("payload-too-large").contains("4096 bytes");
  }

  @Test
  void rawUploadWhenJsonFileLargerThanTheLimitThenStored() {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(jsonOf("data", 10 * LIMIT))
        .put("/api/v1/files/limits/large.json")
        .then()
        .statusCode(201);
  }

  private static String jsonOf(String field, int totalLength) {
    String prefix = "{\"" + field + "\":\"";
    String suffix = "\"}";
    return prefix + "a".repeat(totalLength - prefix.length() - suffix.length()) + suffix;
  }

  private static String basicAdmin() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
  }
}
