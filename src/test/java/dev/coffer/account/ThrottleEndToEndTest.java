package dev.coffer.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(
    properties = {"coffer.accounts.max-failures-per-user=3", "coffer.accounts.throttle-window=2s"})
class ThrottleEndToEndTest extends EndToEndTest {

  @Test
  void signInWhenTooManyFailuresThen429WithRetryAfterAndRightPasswordWorksAfterWindow()
      throws InterruptedException {
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
    assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 2);

    Thread.sleep(2100);
    as(yan).get("/api/v1/me").then().statusCode(200);
  }
}
