package dev.coffer.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import dev.coffer.support.RawHttp;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorsEndToEndTest extends EndToEndTest {

  @Test
  void unauthenticatedWhenNoCredentialsThen401ProblemWithBasicChallenge() {
    Response response = given().get("/api/v1/me");
    assertProblem(response, 401, "unauthorized");
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"coffer\"");
  }

  @Test
  void signInWhenUnknownUserOrWrongPasswordThenIdenticalAnswers() {
    String tom = newUser("tom");
    Response wrongPassword =
        given().auth().preemptive().basic(tom, "wrong-password").get("/api/v1/me");
    Response unknownUser =
        given().auth().preemptive().basic("no-such-user-xyz", "wrong-password").get("/api/v1/me");
    assertProblem(wrongPassword, 401, "unauthorized");
    assertThat(unknownUser.statusCode()).isEqualTo(wrongPassword.statusCode());
    assertThat(unknownUser.asString()).isEqualTo(wrongPassword.asString());
    assertThat(unknownUser.header("WWW-Authenticate"))
        .isEqualTo(wrongPassword.header("WWW-Authenticate"));
  }

  @Test
  void forbiddenWhenNotAdminThen403Problem() {
    assertProblem(as(newUser("uma")).get("/api/v1/users"), 403, "forbidden");
  }

  @Test
  void unknownRouteWhenSignedInThen404Problem() {
    assertProblem(asAdmin().get("/api/v1/does-not-exist"), 404, "not-found");
  }

  @Test
  void wrongMethodThen405Problem() {
    assertProblem(asAdmin().delete("/api/v1/me"), 405, "method-not-allowed");
  }

  @Test
  void wrongMethodOnPatternRouteThen405Problem() {
    assertProblem(asAdmin().patch("/api/v1/files/some/file.txt"), 405, "method-not-allowed");
  }

  @Test
  void wrongContentTypeThen415Problem() {
    assertProblem(
        asAdmin().contentType("text/plain").body("{}").post("/api/v1/tokens"),
        415,
        "unsupported-media-type");
  }

  @Test
  void malformedJsonThen400Problem() {
    assertProblem(
        asAdmin().contentType("application/json").body("{\"name\": ").post("/api/v1/tokens"),
        400,
        "malformed-request");
  }

  @Test
  void wrongJsonTypeThen400Problem() {
    assertProblem(
        asAdmin()
            .contentType("application/json")
            .body("{\"name\": \"x\", \"expiresInDays\": \"soon\"}")
            .post("/api/v1/tokens"),
        400,
        "malformed-request");
  }

  @Test
  void firewallRejectionThen400Problem() {
    Response response = asAdmin().urlEncodingEnabled(false).get("/api/v1/me/%2e%2e/users");
    assertThat(response.statusCode()).isBetween(400, 404);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertNoLeak(response.asString());
  }

  /**
   * Paths that Tomcat or the security firewall refuse before any handler runs: each answer names
   * the defect and the path as sent, never copying a raw backslash, NUL or non-ASCII byte.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "/api/v1/me/%2e%2e/users | '.' or '..' segment | /api/v1/me/%2e%2e/users",
        "/api/v1/files/a/../b | '.' or '..' segment | /api/v1/files/a/../b",
        "/api/v1/files/a/./b | '.' or '..' segment | /api/v1/files/a/./b",
        "/api/v1/files/x%2e | encoded '.' (%2E) | /api/v1/files/x%2e",
        "/api/v1/files/a%00b | NUL character | /api/v1/files/a%00b",
        "/api/v1/files/a%5cb | backslash | /api/v1/files/a%5cb",
        "/api/v1/files/a;b | ';' or %3B | /api/v1/files/a;b",
        "/api/v1/files/a//b | empty segment | /api/v1/files/a//b",
        "/api/v1/files/%25 | encoded percent sign (%25) | /api/v1/files/%25",
        "/api/v1/files/a%0ab | line break | /api/v1/files/a%0ab",
        "/api/v1/files/a%e2%80%a8b | line break | /api/v1/files/a%e2%80%a8b",
        "/api/v1/files/%ff | not valid UTF-8 | /api/v1/files/%ff",
        "/api/v1/files/%zz | does not start a two-digit escape | /api/v1/files/%25zz",
        "/api/v1/me%2Fx | encoded slash (%2F) is accepted only | /api/v1/me%2Fx",
        "/api/v1/keys/a%2Fb/rotate | encoded slash (%2F) is accepted only | /api/v1/keys/a%2Fb/rotate"
      })
  void refusedPathWhenSentThenDetailNamesTheDefectAndInstanceTheRequestPath(
      String target, String reason, String instance) throws Exception {
    RawHttp.Response response = RawHttp.send(port, "GET", target, ADMIN, ADMIN_PASSWORD);
    String body = new String(response.body(), StandardCharsets.ISO_8859_1);
    assertThat(response.status()).as(body).isEqualTo(400);
    assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
    JsonPath json = new JsonPath(body);
    assertThat(json.getString("detail")).as(body).contains(reason);
    assertThat(json.getString("instance")).isEqualTo(instance);
    assertThat(json.getString("code")).isEqualTo("invalid-path");
    assertThat(json.getString("type")).isEqualTo(Problems.TYPE_BASE + "invalid-path");
    assertThat(body).doesNotContain("\\\\").doesNotContain("\u0000").doesNotContain("\u00e9");
    assertNoLeak(body);
  }

  /** Tomcat cannot parse these request lines, so there is no path to name, only the fix. */
  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/files/a\\b", "/api/v1/files/caf\u00e9", "/api/v1/files/a\u0001"})
  void unparseableRequestLineWhenRawBackslashOrByteThenProblemSaysPercentEncode(String target)
      throws Exception {
    RawHttp.Response response = RawHttp.send(port, "GET", target, ADMIN, ADMIN_PASSWORD);
    String body = new String(response.body(), StandardCharsets.ISO_8859_1);
    assertThat(response.status()).as(body).isEqualTo(400);
    assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
    JsonPath json = new JsonPath(body);
    assertThat(json.getString("detail")).contains("percent-encode a backslash as %5C");
    assertThat(json.getString("code")).isEqualTo("bad-request");
    assertThat(body).doesNotContain("\\").doesNotContain("\u00e9").doesNotContain("\u0001");
  }

  @Test
  void refusedHeaderWhenControlCharacterThenDetailSaysHeaderWithoutEchoingIt() throws Exception {
    RawHttp.Response response =
        RawHttp.send(
            port, "GET", "/api/v1/me", Map.of("Authorization", "Bearer secret-token\u0085x"));
    String body = new String(response.body(), StandardCharsets.ISO_8859_1);
    assertThat(response.status()).as(body).isEqualTo(400);
    JsonPath json = new JsonPath(body);
    assertThat(json.getString("detail")).contains("request header");
    assertThat(json.getString("instance")).isEqualTo("/api/v1/me");
    assertThat(json.getString("code")).isEqualTo("bad-request");
    assertThat(body).doesNotContain("secret-token").doesNotContain("\u0085");
  }

  @Test
  void problemWhenClientAcceptsOnlyOctetStreamThenStillProblemJson() {
    Response response = asAdmin().accept("application/octet-stream").get("/api/v1/nope");
    assertThat(response.statusCode()).isEqualTo(404);
    assertNoLeak(response.asString());
  }

  private static void assertProblem(Response response, int status, String code) {
    response
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("code", equalTo(code))
        .body("type", equalTo(Problems.TYPE_BASE + code));
    assertThat(response.jsonPath().getString("title")).isNotBlank();
    assertThat(response.jsonPath().getString("detail")).isNotBlank();
    assertNoLeak(response.asString());
  }

  private static void assertNoLeak(String body) {
    assertThat(body)
        .doesNotContain("Exception")
        .doesNotContain("java.")
        .doesNotContain("dev.coffer")
        .doesNotContain("\"trace\"")
        .doesNotContain("at org.");
  }
}
