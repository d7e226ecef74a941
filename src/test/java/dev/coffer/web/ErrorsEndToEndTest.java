package dev.coffer.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

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
