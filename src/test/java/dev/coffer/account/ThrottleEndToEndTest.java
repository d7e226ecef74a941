package dev.coffer.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import dev.coffer.support.MovableClock;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(
    properties = {"coffer.accounts.max-failures-per-user=3", "coffer.accounts.throttle-window=10m"})
@Import(MovableClock.Config.class)
class ThrottleEndToEndTest extends EndToEndTest {

  @Autowired MovableClock clock;

  @Test
  void signInWhenTooManyFailuresThen429WithRetryAfterAndRightPasswordWorksAfterWindow() {
    String yan = newUser("yan");
    for (int i = 0; i < 3; i++) {
      given().auth().preemptive().basic(yan, "wrong-" + i).get("/api/v1/me").then().statusCode(401);
    }

    Response throttled = as(yan).get("/api/v1/me");
    throttled
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .body("code", equalTo("too-many-attempts"));
    assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(599, 600);

    clock.advance(Duration.ofMinutes(10));
    as(yan).get("/api/v1/me").then().statusCode(200);
  }
}
