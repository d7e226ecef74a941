package dev.coffer.account;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.coffer.support.EndToEndTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsersEndToEndTest extends EndToEndTest {

  @Test
  void createUserWhenAdminThen201AndUserCanSignIn() {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "username",
                "carol-create",
                "password",
                passwordOf("carol-create"),
                "quotaBytes",
                1048576))
        .post("/api/v1/users")
        .then()
        .statusCode(201)
        .body("username", equalTo("carol-create"))
        .body("admin", equalTo(false))
        .body("quotaBytes", equalTo(1048576))
        .body("$", not(org.hamcrest.Matchers.hasKey("password")))
        .body("$", not(org.hamcrest.Matchers.hasKey("passwordHash")));

    as("carol-create")
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("quotaBytes", equalTo(1048576));
  }

  @Test
  void createUserWhenNameTakenThen409() {
    String dave = newUser("dave");
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("username", dave, "password", "another-password"))
        .post("/api/v1/users")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("code", equalTo("user-exists"));
  }

  @Test
  void createUserWhenUsernameInvalidThen400NamingTheField() {
    for (String bad : new String[] {"../etc", "Upper", "", "a/b", ".hidden", "x".repeat(65)}) {
      asAdmin()
          .contentType(ContentType.JSON)
          .body(Map.of("username", bad, "password", "long-enough-password"))
          .post("/api/v1/users")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", containsString("username"));
    }
  }

  @Test
  void createUserWhenPasswordTooShortThen400NamingTheField() {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("username", "shorty", "password", "short"))
        .post("/api/v1/users")
        .then()
        .statusCode(400)
        .body("detail", containsString("password"));
  }

  @Test
  void userEndpointsWhenNotAdminThen403() {
    String eve = newUser("eve");
    as(eve)
        .get("/api/v1/users")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("code", equalTo("forbidden"));
    as(eve)
        .contentType(ContentType.JSON)
        .body(Map.of("username", "mallory", "password", "long-enough-password"))
        .post("/api/v1/users")
        .then()
        .statusCode(403);
    as(eve)
        .contentType(ContentType.JSON)
        .body(Map.of("admin", true))
        .patch("/api/v1/users/" + eve)
        .then()
        .statusCode(403);
    as(eve).get("/api/v1/me").then().body("admin", equalTo(false));
  }

  @Test
  void listAndReadWhenAdminThenShowUsersWithoutSecrets() {
    String frank = newUser("frank");
    asAdmin()
        .get("/api/v1/users")
        .then()
        .statusCode(200)
        .body("username", hasItem(frank))
        .body("passwordHash", org.hamcrest.Matchers.everyItem(nullValue()));
    asAdmin().get("/api/v1/users/" + frank).then().statusCode(200).body("disabled", equalTo(false));
    asAdmin()
        .get("/api/v1/users/nobody-here")
        .then()
        .statusCode(404)
        .body("code", equalTo("user-not-found"));
  }

  @Test
  void patchWhenQuotaMinusOneThenUnlimited() {
    String gina = newUser("gina");
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("quotaBytes", 500))
        .patch("/api/v1/users/" + gina)
        .then()
        .statusCode(200)
        .body("quotaBytes", equalTo(500));
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("quotaBytes", -1))
        .patch("/api/v1/users/" + gina)
        .then()
        .statusCode(200)
        .body("quotaBytes", nullValue());
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("quotaBytes", -2))
        .patch("/api/v1/users/" + gina)
        .then()
        .statusCode(400)
        .body("detail", containsString("quotaBytes"));
  }

  @Test
  void disabledUserWhenSigningInWithBasicOrTokenThen401() {
    String hank = newUser("hank");
    String token = tokenFor(hank);
    as(hank).get("/api/v1/me").then().statusCode(200); // now cached

    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("disabled", true))
        .patch("/api/v1/users/" + hank)
        .then()
        .statusCode(200)
        .body("disabled", equalTo(true));

    as(hank).get("/api/v1/me").then().statusCode(401);
    withToken(token).get("/api/v1/me").then().statusCode(401);

    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("disabled", false))
        .patch("/api/v1/users/" + hank)
        .then()
        .statusCode(200);
    as(hank).get("/api/v1/me").then().statusCode(200);
    withToken(token).get("/api/v1/me").then().statusCode(200);
  }

  @Test
  void deletedUserWhenSigningInThen401AndTokensAreGone() {
    String ivan = newUser("ivan");
    String token = tokenFor(ivan);
    as(ivan).get("/api/v1/me").then().statusCode(200);

    asAdmin().delete("/api/v1/users/" + ivan + "?purge=true").then().statusCode(204);

    as(ivan).get("/api/v1/me").then().statusCode(401);
    withToken(token).get("/api/v1/me").then().statusCode(401);
    asAdmin().get("/api/v1/users/" + ivan).then().statusCode(404);
    asAdmin().delete("/api/v1/users/" + ivan).then().statusCode(404);
  }

  @Test
  void adminPatchWhenPasswordChangedThenOldCachedPasswordFailsAtOnce() {
    String jill = newUser("jill");
    as(jill).get("/api/v1/me").then().statusCode(200);
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("password", "brand-new-password"))
        .patch("/api/v1/users/" + jill)
        .then()
        .statusCode(200);
    as(jill).get("/api/v1/me").then().statusCode(401);
    io.restassured.RestAssured.given()
        .auth()
        .preemptive()
        .basic(jill, "brand-new-password")
        .get("/api/v1/me")
        .then()
        .statusCode(200);
  }

  @Test
  void demoteOrDeleteWhenLastEnabledAdminThen409() {
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("admin", false))
        .patch("/api/v1/users/" + ADMIN)
        .then()
        .statusCode(409)
        .body("code", equalTo("last-admin"));
    asAdmin().delete("/api/v1/users/" + ADMIN).then().statusCode(409);
    asAdmin().get("/api/v1/me").then().statusCode(200).body("admin", equalTo(true));
  }
}
