package dev.coffer.account;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.coffer.support.EndToEndTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class TokensEndToEndTest extends EndToEndTest {

  @Autowired JdbcClient jdbc;

  @Test
  void createTokenThenSecretShownOnceAndOnlyItsHashStored() {
    String nina = newUser("nina");
    JsonPath created =
        as(nina)
            .contentType(ContentType.JSON)
            .body(Map.of("name", "laptop", "expiresInDays", 7))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .body("name", equalTo("laptop"))
            .body("token", startsWith("coffer_"))
            .body("expiresAt", notNullValue())
            .extract()
            .jsonPath();
    String secret = created.getString("token");

    as(nina)
        .get("/api/v1/tokens")
        .then()
        .statusCode(200)
        .body("$", hasSize(1))
        .body("[0].id", equalTo(created.getString("id")))
        .body("[0].token", nullValue());

    String stored =
        jdbc.sql("select token_hash from api_tokens where id = ?")
            .param(created.getString("id"))
            .query(String.class)
            .single();
    org.assertj.core.api.Assertions.assertThat(stored)
        .isEqualTo(TokenService.hash(secret))
        .doesNotContain(secret);
    withToken(secret).get("/api/v1/me").then().statusCode(200).body("username", equalTo(nina));
  }

  @Test
  void revokeTokenThenItGets401AtOnce() {
    String olga = newUser("olga");
    String token = tokenFor(olga);
    String id = as(olga).get("/api/v1/tokens").then().extract().path("[0].id");
    withToken(token).get("/api/v1/me").then().statusCode(200);

    withToken(token).delete("/api/v1/tokens/" + id).then().statusCode(204);

    withToken(token)
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Basic realm=\"coffer\"");
  }

  @Test
  void revokeWhenTokenBelongsToAnotherUserThen404AndTokenKeepsWorking() {
    String pat = newUser("pat");
    String quinn = newUser("quinn");
    String patsToken = tokenFor(pat);
    String id = as(pat).get("/api/v1/tokens").then().extract().path("[0].id");

    as(quinn).delete("/api/v1/tokens/" + id).then().statusCode(404);
    as(quinn).get("/api/v1/tokens").then().body("$", hasSize(0));
    withToken(patsToken).get("/api/v1/me").then().statusCode(200);
  }

  @Test
  void tokenWhenExpiredThen401() {
    String rita = newUser("rita");
    String token = tokenFor(rita);

    jdbc.sql("update api_tokens set expires_at = ? where token_hash = ?")
        .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), TokenService.hash(token))
        .update();

    withToken(token).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void tokenWhenAccountDisabledThen401AtOnce() {
    String tess = newUser("tess");
    String token = tokenFor(tess);
    withToken(token).get("/api/v1/me").then().statusCode(200);

    change(tess, "disabled", true);

    withToken(token).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void tokenWhenAccountDeletedThen401AtOnce() {
    String uma = newUser("uma");
    String token = tokenFor(uma);
    withToken(token).get("/api/v1/me").then().statusCode(200);

    asAdmin().delete("/api/v1/users/" + uma).then().statusCode(204);

    withToken(token).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void tokenWhenOwnerLosesAdminThenAdminCalls403AtOnce() {
    String vic = newUser("vic");
    change(vic, "admin", true);
    String token = tokenFor(vic);
    withToken(token).get("/api/v1/users").then().statusCode(200);

    change(vic, "admin", false);

    withToken(token).get("/api/v1/users").then().statusCode(403);
    withToken(token).get("/api/v1/me").then().statusCode(200).body("admin", equalTo(false));
  }

  @Test
  void createTokenWhenExpiryOutOfRangeThen400() {
    String sam = newUser("sam");
    for (int days : new int[] {0, -3, 100_000}) {
      as(sam)
          .contentType(ContentType.JSON)
          .body(Map.of("name", "x", "expiresInDays", days))
          .post("/api/v1/tokens")
          .then()
          .statusCode(400)
          .body("detail", org.hamcrest.Matchers.containsString("expiresInDays"));
    }
    as(sam)
        .contentType(ContentType.JSON)
        .body(Map.of("name", ""))
        .post("/api/v1/tokens")
        .then()
        .statusCode(400)
        .body("detail", org.hamcrest.Matchers.containsString("name"));
  }

  @Test
  void bearerWhenTokenUnknownThen401Problem() {
    withToken("coffer_not-a-real-token")
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("code", equalTo("unauthorized"));
  }

  /** An admin's change to one field of an account, which must succeed. */
  private void change(String username, String field, Object value) {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of(field, value))
        .patch("/api/v1/users/" + username)
        .then()
        .statusCode(200);
  }
}
