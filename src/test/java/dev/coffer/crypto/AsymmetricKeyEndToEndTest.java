package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.coffer.crypto.primitive.AsymmetricKeys;
import dev.coffer.crypto.primitive.RsaOaepHybrid;
import dev.coffer.crypto.primitive.Signatures;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RSA, Ed25519 and ECDSA keys over HTTP: create, publish, export, import, rotate, RSA encryption.
 */
class AsymmetricKeyEndToEndTest extends CryptoEndToEndTest {

  @ParameterizedTest
  @ValueSource(strings = {"rsa-2048", "ed25519", "ecdsa-p256"})
  void createWhenAsymmetricThenPublicKeyOfLatestVersionAndPkcs8ExportOnlyWhenExportable(
      String type) {
    String alice = newUser("alice");
    String publicPem =
        json(alice)
            .body(Map.of("name", "k", "type", type))
            .post("/api/v1/keys")
            .then()
            .statusCode(201)
            .body("type", equalTo(type))
            .body("publicKey", startsWith("-----BEGIN PUBLIC KEY-----\n"))
            .extract()
            .path("publicKey");
    json(alice).get("/api/v1/keys/k/export").then().statusCode(403);
    json(alice).body(Map.of("exportable", true)).patch("/api/v1/keys/k").then().statusCode(200);
    String privatePem =
        json(alice).get("/api/v1/keys/k/export").then().statusCode(200).extract().path("keys.1");
    assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    PrivateKey privateKey = AsymmetricKeys.privateKeyFromPem(privatePem);
    assertThat(AsymmetricKeys.publicKeyOf(privateKey))
        .isEqualTo(AsymmetricKeys.publicKeyFromPem(publicPem));

    String rotatedPem =
        json(alice)
            .post("/api/v1/keys/k/rotate")
            .then()
            .statusCode(200)
            .body("latestVersion", equalTo(2))
            .extract()
            .path("publicKey");
    assertThat(rotatedPem).isNotEqualTo(publicPem);
    json(alice).get("/api/v1/keys").then().body("[0].publicKey", equalTo(rotatedPem));
    Map<String, String> all =
        json(alice).get("/api/v1/keys/k/export?version=all").then().extract().path("keys");
    assertThat(all).containsEntry("1", privatePem).containsKey("2");
  }

  @Test
  void createWhenLargerRsaThenModulusOfThatSize() {
    String alice = newUser("alice");
    for (String type : List.of("rsa-3072", "rsa-4096")) {
      String pem =
          json(alice)
              .body(Map.of("name", type, "type", type))
              .post("/api/v1/keys")
              .then()
              .statusCode(201)
              .extract()
              .path("publicKey");
      assertThat(RsaOaepHybrid.modulusBits(AsymmetricKeys.publicKeyFromPem(pem)))
          .isEqualTo(Integer.parseInt(type.substring(4)));
    }
  }

  @Test
  void importWhenPemPrivateKeyThenPublishedAndSignsAsThatKeyAndExportsTheSameKey() {
    String alice = newUser("alice");
    KeyPair pair = Signatures.generateEcdsaP256();
    String pem = AsymmetricKeys.toPem(pair.getPrivate());
    json(alice)
        .body(Map.of("name", "byok", "type", "ecdsa-p256", "key", pem, "exportable", true))
        .post("/api/v1/keys/import")
        .then()
        .statusCode(201)
        .body("publicKey", equalTo(AsymmetricKeys.toPem(pair.getPublic())));
    String signature =
        json(alice)
            .body(Map.of("text", "hello"))
            .post("/api/v1/keys/byok/sign")
            .then()
            .statusCode(200)
            .extract()
            .path("signature");
    byte[] raw = Base64.getDecoder().decode(signature.substring("coffer:v1:".length()));
    assertThat(Signatures.verify(pair.getPublic(), "hello".getBytes(), raw)).isTrue();
    json(alice).get("/api/v1/keys/byok/export").then().body("keys.1", equalTo(pem));
  }

  @Test
  void importWhenPemMalformedOrOfAnotherTypeOrPublicThen400NamingKey() {
    String alice = newUser("alice");
    String ed25519 = AsymmetricKeys.toPem(Signatures.generateEd25519().getPrivate());
    PublicKey rsaPublic = RsaOaepHybrid.generateKeyPair(2048).getPublic();
    for (Map<String, Object> body :
        List.<Map<String, Object>>of(
            Map.of("name", "a", "type", "rsa-2048", "key", ed25519),
            Map.of("name", "a", "type", "ecdsa-p256", "key", ed25519),
            Map.of("name", "a", "type", "rsa-2048", "key", AsymmetricKeys.toPem(rsaPublic)),
            Map.of("name", "a", "type", "ed25519", "key", "-----BEGIN PRIVATE KEY-----\nAAAA"),
            Map.of("name", "a", "type", "ed25519", "key", "not a pem"))) {
      json(alice)
          .body(body)
          .post("/api/v1/keys/import")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", startsWith("key:"));
    }
    json(alice).get("/api/v1/keys").then().body("size()", equalTo(0));
  }

  @Test
  void rsaEncryptWhenLargePayloadThenHybridRoundTripAndRewrapAndDatakeyWork() {
    String alice = newUser("alice");
    createKey(alice, "rsa", "rsa-2048");
    byte[] big = new byte[300_000];
    new java.util.Random(1).nextBytes(big);
    String ad = b64("order-42".getBytes());
    String ciphertext =
        json(alice)
            .body(Map.of("plaintext", b64(big), "associatedData", ad))
            .post("/api/v1/keys/rsa/encrypt")
            .then()
            .statusCode(200)
            .body("keyVersion", equalTo(1))
            .extract()
            .path("ciphertext");
    assertThat(ciphertext).startsWith("coffer:v1:");
    String plaintext =
        json(alice)
            .body(Map.of("ciphertext", ciphertext, "associatedData", ad))
            .post("/api/v1/keys/rsa/decrypt")
            .then()
            .statusCode(200)
            .extract()
            .path("plaintext");
    assertThat(Base64.getDecoder().decode(plaintext)).isEqualTo(big);
    json(alice)
        .body(Map.of("ciphertext", ciphertext))
        .post("/api/v1/keys/rsa/decrypt")
        .then()
        .statusCode(400)
        .body("code", equalTo("decryption-failed"));

    json(alice).post("/api/v1/keys/rsa/rotate").then().statusCode(200);
    String small = encrypt(alice, "rsa", "v1 secret");
    String rewrapped =
        json(alice)
            .body(Map.of("ciphertext", small))
            .post("/api/v1/keys/rsa/rewrap")
            .then()
            .statusCode(200)
            .extract()
            .path("ciphertext");
    assertThat(rewrapped).startsWith("coffer:v2:");
    assertThat(decryptText(alice, "rsa", rewrapped)).isEqualTo("v1 secret");

    Map<String, Object> datakey =
        json(alice)
            .body(Map.of("includePlaintext", true))
            .post("/api/v1/keys/rsa/datakey")
            .then()
            .statusCode(200)
            .extract()
            .path("$");
    String opened =
        json(alice)
            .body(Map.of("ciphertext", datakey.get("ciphertext")))
            .post("/api/v1/keys/rsa/decrypt")
            .then()
            .statusCode(200)
            .extract()
            .path("plaintext");
    assertThat(opened).isEqualTo(datakey.get("plaintext"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa-p256"})
  void encryptionOperationsWhenSigningOnlyKeyThen400SayingSo(String type) {
    String alice = newUser("alice");
    createKey(alice, "sig", type);
    String k = "/api/v1/keys/sig";
    for (var attempt :
        List.of(
            json(alice).body(Map.of("text", "x")).post(k + "/encrypt"),
            json(alice).body(Map.of("ciphertext", "coffer:v1:AAAA")).post(k + "/decrypt"),
            json(alice).body(Map.of("ciphertext", "coffer:v1:AAAA")).post(k + "/rewrap"),
            json(alice).body(Map.of()).post(k + "/datakey"))) {
      attempt
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("code", equalTo("operation-not-supported"))
          .body("detail", startsWith("Keys of type '" + type + "' do not support"));
    }
    json(alice).get(k).then().body("$", not(org.hamcrest.Matchers.hasKey("ciphertext")));
  }
}
