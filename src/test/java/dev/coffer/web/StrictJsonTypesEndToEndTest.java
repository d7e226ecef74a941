package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A JSON value of the wrong type is refused on every endpoint, never coerced: {@code {"text":5}}
 * must not be encrypted as the string "5". The 400 names the field and carries the one code for a
 * body that does not bind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictJsonTypesEndToEndTest extends EndToEndTest {

  private String alice;

  @BeforeAll
  void userWithKey() {
    io.restassured.RestAssured.port = port;
    alice = newUser("alice");
    as(alice)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "k"))
        .post("/api/v1/keys")
        .then()
        .statusCode(201);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "POST | /api/v1/keys/k/encrypt | {\"text\":5} | text",
        "POST | /api/v1/keys/k/encrypt | {\"text\":true} | text",
        "POST | /api/v1/keys/k/encrypt | {\"plaintext\":1.5} | plaintext",
        "POST | /api/v1/keys/k/encrypt | {\"text\":\"a\",\"keyVersion\":\"1\"} | keyVersion",
        "POST | /api/v1/keys/k/encrypt | {\"text\":\"a\",\"keyVersion\":1.9} | keyVersion",
        "POST | /api/v1/keys/k/encrypt | {\"text\":\"a\",\"keyVersion\":true} | keyVersion",
        "POST | /api/v1/keys/k/encrypt | {\"batch\":[{\"text\":\"a\"},{\"text\":5}]} | batch[1].text",
        "POST | /api/v1/keys/k/decrypt | {\"ciphertext\":7} | ciphertext",
        "POST | /api/v1/keys/k/hmac | {\"text\":false} | text",
        "POST | /api/v1/keys/k/datakey | {\"includePlaintext\":\"true\"} | includePlaintext",
        "POST | /api/v1/keys/k/datakey | {\"includePlaintext\":1} | includePlaintext",
        "POST | /api/v1/keys | {\"name\":\"k2\",\"exportable\":\"yes\"} | exportable",
        "POST | /api/v1/keys | {\"name\":12} | name",
        "POST | /api/v1/random | {\"bytes\":\"16\"} | bytes",
        "POST | /api/v1/hash | {\"input\":123} | input",
        "POST | /api/v1/tokens | {\"name\":5} | name",
        "POST | /api/v1/tokens | {\"name\":\"t\",\"expiresInDays\":\"30\"} | expiresInDays",
        "PUT | /api/v1/me/password | {\"currentPassword\":1,\"newPassword\":2} | currentPassword",
        "POST | /api/v1/ops/move | {\"from\":1,\"to\":\"b\"} | from",
        "POST | /api/v1/ops/copy | {\"from\":\"a\",\"to\":\"b\",\"overwrite\":\"true\"} | overwrite"
      })
  void bodyWhenFieldHasWrongJsonTypeThen400NamingTheField(
      String method, String path, String body, String field) {
    Response response = as(alice).contentType(ContentType.JSON).body(body).request(method, path);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.<String>path("code")).isEqualTo("malformed-request");
    assertThat(response.<String>path("detail")).startsWith(field + ": has the wrong JSON type");
  }

  @Test
  void adminPatchWhenQuotaIsAStringThen400NamingTheField() {
    Response response =
        asAdmin()
            .contentType(ContentType.JSON)
            .body("{\"quotaBytes\":\"1000\"}")
            .patch("/api/v1/users/" + alice);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.<String>path("detail")).startsWith("quotaBytes:");
  }

  @Test
  void bodyWhenNumberGivenForDecimalOrRightTypesThenAccepted() {
    as(alice)
        .contentType(ContentType.JSON)
        .body("{\"text\":\"5\",\"keyVersion\":1}")
        .post("/api/v1/keys/k/encrypt")
        .then()
        .statusCode(200);
  }
}
