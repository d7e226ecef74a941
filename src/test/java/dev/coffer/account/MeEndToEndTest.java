package dev.coffer.account;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.coffer.support.EndToEndTest;
import org.junit.jupiter.api.Test;

class MeEndToEndTest extends EndToEndTest {

  @Test
  void meWhenSignedInWithBasicThenShowsAccount() {
    String alice = newUser("alice");
    as(alice)
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("username", equalTo(alice))
        .body("admin", equalTo(false))
        .body("quotaBytes", nullValue())
        .body("usedBytes", equalTo(0));
  }

  @Test
  void meWhenSignedInWithTokenThenShowsAccount() {
    String bob = newUser("bob");
    withToken(tokenFor(bob))
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("username", equalTo(bob));
  }
}
