package dev.coffer.crypto;

import dev.coffer.support.EndToEndTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Base64;
import java.util.Map;

/** Helpers shared by the crypto end-to-end tests. */
abstract class CryptoEndToEndTest extends EndToEndTest {

  RequestSpecification json(String user) {
    return as(user).contentType(ContentType.JSON);
  }

  void createKey(String user, String name, String type) {
    json(user).body(Map.of("name", name, "type", type)).post("/api/v1/keys").then().statusCode(201);
  }

  String encrypt(String user, String key, String text) {
    return json(user)
        .body(Map.of("text", text))
        .post("/api/v1/keys/" + key + "/encrypt")
        .then()
        .statusCode(200)
        .extract()
        .path("ciphertext");
  }

  /** Decrypts and returns the plaintext as text. */
  String decrypt(String user, String key, Map<String, ?> body) {
    return json(user)
        .body(body)
        .post("/api/v1/keys/" + key + "/decrypt")
        .then()
        .statusCode(200)
        .extract()
        .path("text");
  }

  String decryptText(String user, String key, String ciphertext) {
    return decrypt(user, key, Map.of("ciphertext", ciphertext));
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
