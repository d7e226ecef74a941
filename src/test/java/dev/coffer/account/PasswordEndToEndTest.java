package dev.coffer.account;

import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordEndToEndTest extends EndToEndTest {

  @Test
  void changePasswordWhenCurrentIsRightThen204AndOnlyNewPasswordWorks() {
    String kim = newUser("kim");
    as(kim).get("/api/v1/me").then().statusCode(200); // cached now
    as(kim)
        .contentType(ContentType.JSON)
        .body(Map.of("currentPassword", passwordOf(kim), "newPassword", "kims-new-password"))
        .put("/api/v1/me/password")
        .then()
        .statusCode(204);

    as(kim).get("/api/v1/me").then().statusCode(401);
    RestAssured.given()
        .auth()
        .preemptive()
        .basic(kim, "kims-new-password")
        .get("/api/v1/me")
        .then()
        .statusCode(200);
  }

  @Test
  void changePasswordWhenCurrentIsWrongThen403AndNothingChanges() {
    String lee = newUser("lee");
    as(lee)
        .contentType(ContentType.JSON)
        .body(Map.of("currentPassword", "not-my-password", "newPassword", "whatever-else"))
        .put("/api/v1/me/password")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("code", equalTo("wrong-current-password"));
    as(lee).get("/api/v1/me").then().statusCode(200);
  }

  @Test
  void changePasswordWhenNewTooShortThen400() {
    String max = newUser("max");
    as(max)
        .contentType(ContentType.JSON)
        .body(Map.of("currentPassword", passwordOf(max), "newPassword", "short"))
        .put("/api/v1/me/password")
        .then()
        .statusCode(400)
        .body("detail", org.hamcrest.Matchers.containsString("newPassword"));
  }
}
