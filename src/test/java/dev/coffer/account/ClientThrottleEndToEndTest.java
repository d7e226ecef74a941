package dev.coffer.account;

import static io.restassured.RestAssured.given;

import dev.coffer.support.EndToEndTest;
import dev.coffer.support.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(
    properties = {
      "coffer.accounts.max-failures-per-client=4",
      "coffer.accounts.max-failures-per-user=100",
      "coffer.accounts.throttle-window=10m"
    })
@Import(MovableClock.Config.class)
class ClientThrottleEndToEndTest extends EndToEndTest {

  @Autowired MovableClock clock;

  @Test
  void signInWhenOneClientFailsForManyUsernamesThenClientIsThrottled() {
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

    clock.advance(Duration.ofMinutes(10));
    as(bea).get("/api/v1/me").then().statusCode(200);
  }
}
