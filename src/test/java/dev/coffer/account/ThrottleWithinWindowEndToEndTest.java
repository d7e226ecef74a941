package dev.coffer.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Throttling that must not depend on how fast the machine runs: a window long enough that every
 * failure of a test falls in it, however slow Argon2 is under load.
 */
@TestPropertySource(
    properties = {"coffer.accounts.max-failures-per-user=3", "coffer.accounts.throttle-window=10m"})
class ThrottleWithinWindowEndToEndTest extends EndToEndTest {

  @Test
  void signInWhenUnknownUserFailsRepeatedlyThenSameThrottleAsRealUser() {
    String zed = newUser("zed");
    for (int i = 0; i < 3; i++) {
      given().auth().preemptive().basic(zed, "wrong").get("/api/v1/me");
      given().auth().preemptive().basic("ghost-user", "wrong").get("/api/v1/me");
    }
    Response real = given().auth().preemptive().basic(zed, "wrong").get("/api/v1/me");
    Response ghost = given().auth().preemptive().basic("ghost-user", "wrong").get("/api/v1/me");
    assertThat(real.statusCode()).isEqualTo(429);
    assertThat(ghost.statusCode()).isEqualTo(429);
    assertThat(ghost.asString()).isEqualTo(real.asString());
  }

  @Test
  void tokenWhenUserIsThrottledThenStillWorks() {
    String amy = newUser("amy");
    String token = tokenFor(amy);
    for (int i = 0; i < 4; i++) {
      given().auth().preemptive().basic(amy, "wrong").get("/api/v1/me");
    }
    as(amy).get("/api/v1/me").then().statusCode(429);
    withToken(token).get("/api/v1/me").then().statusCode(200);
  }
}
