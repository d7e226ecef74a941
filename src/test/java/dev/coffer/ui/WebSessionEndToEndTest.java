package dev.coffer.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The web interface's sign-in over real HTTP: the page is public and locked down by its CSP, the
 * session cookie is HttpOnly and SameSite, every state change made with it needs the CSRF token,
 * sign-out ends it everywhere, the API's throttle applies, and Basic and bearer requests are
 * decided exactly as before whatever cookie they carry.
 */
@TestPropertySource(properties = "coffer.accounts.max-failures-per-user=3")
class WebSessionEndToEndTest extends EndToEndTest {

  private record Session(String cookie, String csrf) {}

  private Session signIn(String user) {
    Response response =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("username", user, "password", passwordOf(user)))
            .post("/ui/session");
    response.then().statusCode(200).body("username", equalTo(user));
    return new Session(response.cookie("coffer-session"), response.path("csrfToken"));
  }

  @Test
  void pageWhenAnonymousThenServedWithStrictContentSecurityPolicy() {
    Response page = given().get("/");
    page.then().statusCode(200).body(containsString("<script type=\"module\" src=\"/ui/app.js\">"));
    String csp = page.header("Content-Security-Policy");
    assertThat(csp).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'");
    assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(given().get("/ui/app.js").header("Content-Security-Policy")).isEqualTo(csp);
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void signInWhenPasswordRightThenHttpOnlySameSiteCookieAndNoSecretInBody() {
    String user = newUser("web");
    Response response =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("username", user, "password", passwordOf(user)))
            .post("/ui/session");
    response.then().statusCode(200);
    String setCookie = response.header("Set-Cookie");
    assertThat(setCookie).startsWith("coffer-session=coffer_").contains("HttpOnly", "SameSite=Lax");
    assertThat(setCookie).doesNotContain("Secure"); // plain HTTP here; HTTPS adds it
    assertThat(response.asString()).doesNotContain(response.cookie("coffer-session"));
  }

  @Test
  void stateChangeWhenCookieWithoutCsrfTokenThen403AndWithTokenThenDone() {
    String user = newUser("web");
    Session s = signIn(user);
    given()
        .cookie("coffer-session", s.cookie())
        .post("/api/v1/dirs/made")
        .then()
        .statusCode(403)
        .body("code", equalTo("csrf-failed"));
    given()
        .cookie("coffer-session", s.cookie())
        .header("X-CSRF-Token", "wrong")
        .post("/api/v1/dirs/made")
        .then()
        .statusCode(403);
    given()
        .cookie("coffer-session", s.cookie())
        .header("X-CSRF-Token", s.csrf())
        .post("/api/v1/dirs/made")
        .then()
        .statusCode(201);
    given()
        .cookie("coffer-session", s.cookie())
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("username", equalTo(user));
  }

  @Test
  void downloadWhenSignedInByCookieThenKeepsTheApiAttachmentHeaders() {
    String user = newUser("web");
    as(user)
        .body("<script>alert(1)</script>")
        .put("/api/v1/files/page.html")
        .then()
        .statusCode(201);
    Session s = signIn(user);
    Response download = given().cookie("coffer-session", s.cookie()).get("/api/v1/files/page.html");
    download.then().statusCode(200);
    assertThat(download.header("Content-Disposition")).startsWith("attachment;");
    assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(download.headers().getValues("Content-Security-Policy")).containsExactly("sandbox");
  }

  @Test
  void authorizationHeaderWhenCookieAlsoSentThenHeaderDecidesAsBefore() {
    String user = newUser("web");
    Session s = signIn(user);
    Response wrong =
        given()
            .cookie("coffer-session", s.cookie())
            .auth()
            .preemptive()
            .basic(user, "wrong-password")
            .get("/api/v1/me");
    wrong.then().statusCode(401);
    assertThat(wrong.header("WWW-Authenticate")).isEqualTo("Basic realm=\"coffer\"");
    // Basic needs no CSRF token, cookie or not.
    as(user).cookie("coffer-session", s.cookie()).post("/api/v1/dirs/basic").then().statusCode(201);
    withToken(tokenFor(user)).post("/api/v1/dirs/bearer").then().statusCode(201);
    given()
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Basic realm=\"coffer\"");
  }

  @Test
  void signOutWhenDoneThenCookieNoLongerWorksAnywhere() {
    String user = newUser("web");
    Session s = signIn(user);
    given()
        .cookie("coffer-session", s.cookie())
        .get("/ui/session")
        .then()
        .statusCode(200)
        .body("csrfToken", equalTo(s.csrf()));
    given().cookie("coffer-session", s.cookie()).delete("/ui/session").then().statusCode(403);
    Response out =
        given()
            .cookie("coffer-session", s.cookie())
            .header("X-CSRF-Token", s.csrf())
            .delete("/ui/session");
    out.then().statusCode(204);
    assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
    Response after = given().cookie("coffer-session", s.cookie()).get("/api/v1/me");
    after.then().statusCode(401).body("code", equalTo("unauthorized"));
    assertThat(after.header("WWW-Authenticate")).startsWith("Session");
    withToken(s.cookie()).get("/api/v1/me").then().statusCode(401);
    given().cookie("coffer-session", s.cookie()).get("/").then().statusCode(200);
  }

  @Test
  void signInWhenWrongTooOftenThenThrottledLikeTheApi() {
    String user = newUser("web");
    for (int i = 0; i < 3; i++) {
      Response wrong =
          given()
              .contentType(ContentType.JSON)
              .body(Map.of("username", user, "password", "wrong-password"))
              .post("/ui/session");
      wrong.then().statusCode(401).body("code", equalTo("unauthorized"));
      assertThat(wrong.header("WWW-Authenticate")).isEqualTo("Session realm=\"coffer\"");
    }
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("username", user, "password", passwordOf(user)))
        .post("/ui/session")
        .then()
        .statusCode(429)
        .body("code", equalTo("too-many-attempts"))
        .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    as(user).get("/api/v1/me").then().statusCode(429);
  }

  @Test
  void signInWhenNotJsonThenRefused() {
    String user = newUser("web");
    given()
        .contentType(ContentType.URLENC)
        .formParam("username", user)
        .formParam("password", passwordOf(user))
        .post("/ui/session")
        .then()
        .statusCode(415);
  }
}
