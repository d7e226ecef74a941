package dev.coffer.account;

import static io.restassured.RestAssured.given;

import dev.coffer.support.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(
    properties = {
      "coffer.accounts.max-failures-per-client=4",
      "coffer.accounts.max-failures-per-user=100",
      "coffer.accounts.throttle-window=2s"
    })
class ClientThrottleEndToEndTest extends EndToEndTest {

  @Test
  void signInWhenOneClientFailsForManyUsernamesThenClientIsThrottled() throws InterruptedException {
    String bea = newUser("bea");
    for (int i = 0; i < 4; i++) {
      given()
          .auth()
          .preemptive()
          .basic("spray-" + i, "guess")
          .get("/api/v1/me")
          .then()
          .statusCode(401);
    }
    as(bea)
        .get("/api/v1/me")
        .then()
        .statusCode(429)
        .header("Retry-After", org.hamcrest.Matchers.notNullValue());

    Thread.sleep(2100);
    as(bea).get("/api/v1/me").then().statusCode(200);
  }
}
