package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.coffer.crypto.primitive.AesGcmAead;
import dev.coffer.crypto.primitive.SecretBytes;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Key life cycle over HTTP: create, import, list, read, patch, rotate, export, delete, purge. */
class KeyEndToEndTest extends CryptoEndToEndTest {

  @Autowired JdbcClient jdbc;

  @Test
  void createWhenNoTypeThenAes256GcmVersionOneWithSafeDefaults() {
    String alice = newUser("alice");
    json(alice)
        .body(Map.of("name", "orders"))
        .post("/api/v1/keys")
        .then()
        .statusCode(201)
        .body("name", equalTo("orders"))
        .body("type", equalTo("aes256-gcm"))
        .body("latestVersion", equalTo(1))
        .body("minDecryptionVersion", equalTo(1))
        .body("minEncryptionVersion", equalTo(0))
        .body("exportable", equalTo(false))
        .body("deletionAllowed", equalTo(false))
        .body("versions", hasSize(1))
        .body("versions[0].version", equalTo(1))
        .body("$", not(org.hamcrest.Matchers.hasKey("publicKey")));
  }

  @Test
  void createWhenNameTakenThen409() {
    String alice = newUser("alice");
    createKey(alice, "dup", "fernet");
    json(alice)
        .body(Map.of("name", "dup"))
        .post("/api/v1/keys")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("code", equalTo("key-exists"));
  }

  @Test
  void createWhenTypeUnknownOrNameBadThen400NamingTheField() {
    String alice = newUser("alice");
    json(alice)
        .body(Map.of("name", "k", "type", "des"))
        .post("/api/v1/keys")
        .then()
        .statusCode(400)
        .body("detail", startsWith("type:"));
    json(alice)
        .body(Map.of("name", "../etc"))
        .post("/api/v1/keys")
        .then()
        .statusCode(400)
        .body("detail", startsWith("name:"));
    json(alice)
        .body("{\"name\":\"k\",\"exportable\":\"maybe\"}")
        .post("/api/v1/keys")
        .then()
        .statusCode(400)
        .body("detail", startsWith("exportable:"));
  }

  @Test
  void listWhenSeveralUsersThenEachSeesOnlyOwnKeys() {
    String alice = newUser("alice");
    String bob = newUser("bob");
    createKey(alice, "a1", "aes256-gcm");
    createKey(alice, "a2", "chacha20-poly1305");
    createKey(bob, "a1", "fernet");
    as(alice)
        .get("/api/v1/keys")
        .then()
        .statusCode(200)
        .body("name", equalTo(List.of("a1", "a2")))
        .body("type", equalTo(List.of("aes256-gcm", "chacha20-poly1305")));
    as(bob).get("/api/v1/keys").then().body("name", equalTo(List.of("a1")));
    as(bob).get("/api/v1/keys/a1").then().statusCode(200).body("type", equalTo("fernet"));
  }

  @Test
  void everyKeyOperationWhenAnotherUsersKeyThen404AndKeyUntouched() {
    String alice = newUser("alice");
    String bob = newUser("bob");
    json(alice)
        .body(Map.of("name", "private", "exportable", true, "deletionAllowed", true))
        .post("/api/v1/keys")
        .then()
        .statusCode(201);
    String ciphertext = encrypt(alice, "private", "secret");
    String k = "/api/v1/keys/private";
    List<Response> attempts =
        List.of(
            json(bob).get(k),
            json(bob).body(Map.of("exportable", true)).patch(k),
            json(bob).delete(k),
            json(bob).post(k + "/rotate"),
            json(bob).get(k + "/export"),
            json(bob).body(Map.of("text", "x")).post(k + "/encrypt"),
            json(bob).body(Map.of("ciphertext", ciphertext)).post(k + "/decrypt"),
            json(bob).body(Map.of("ciphertext", ciphertext)).post(k + "/rewrap"),
            json(bob).body(Map.of()).post(k + "/datakey"));
    for (Response attempt : attempts) {
      attempt.then().statusCode(404).body("code", equalTo("key-not-found"));
    }
    as(bob).get("/api/v1/keys").then().body("$", hasSize(0));
    asAdmin().get(k).then().statusCode(404);
    asAdmin().get(k + "/export").then().statusCode(404);
    as(alice).get(k).then().statusCode(200).body("latestVersion", equalTo(1));
    assertThat(decryptText(alice, "private", ciphertext)).isEqualTo("secret");
  }

  @Test
  void patchWhenExportableTurnedOffOrVersionsOutOfRangeThen400() {
    String alice = newUser("alice");
    createKey(alice, "k", "aes256-gcm");
    String k = "/api/v1/keys/k";
    json(alice)
        .body(Map.of("exportable", true))
        .patch(k)
        .then()
        .statusCode(200)
        .body("exportable", equalTo(true));
    json(alice)
        .body(Map.of("exportable", false))
        .patch(k)
        .then()
        .statusCode(400)
        .body("detail", startsWith("exportable:"));
    json(alice)
        .body(Map.of("minDecryptionVersion", 2))
        .patch(k)
        .then()
        .statusCode(400)
        .body("detail", startsWith("minDecryptionVersion:"));
    json(alice)
        .body(Map.of("minEncryptionVersion", 3))
        .patch(k)
        .then()
        .statusCode(400)
        .body("detail", startsWith("minEncryptionVersion:"));
    json(alice).post(k + "/rotate");
    json(alice)
        .body(Map.of("minDecryptionVersion", 2, "minEncryptionVersion", 2))
        .patch(k)
        .then()
        .statusCode(200)
        .body("minDecryptionVersion", equalTo(2))
        .body("minEncryptionVersion", equalTo(2))
        .body("exportable", equalTo(true));
  }

  @Test
  void deleteWhenNotAllowedThen409AndWhenAllowedThenGone() {
    String alice = newUser("alice");
    createKey(alice, "k", "chacha20-poly1305");
    json(alice)
        .delete("/api/v1/keys/k")
        .then()
        .statusCode(409)
        .body("code", equalTo("key-deletion-not-allowed"));
    json(alice)
        .body(Map.of("deletionAllowed", true))
        .patch("/api/v1/keys/k")
        .then()
        .statusCode(200);
    json(alice).delete("/api/v1/keys/k").then().statusCode(204);
    json(alice).get("/api/v1/keys/k").then().statusCode(404);
    assertThat(
            jdbc.sql("select count(*) from crypto_key_versions where owner = ?")
                .param(alice)
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void rotateWhenDoneThenNewVersionEncryptsAndOldCiphertextsStillDecrypt() {
    String alice = newUser("alice");
    createKey(alice, "k", "aes256-gcm");
    String v1 = encrypt(alice, "k", "first");
    json(alice)
        .post("/api/v1/keys/k/rotate")
        .then()
        .statusCode(200)
        .body("latestVersion", equalTo(2))
        .body("versions", hasSize(2));
    String v2 = encrypt(alice, "k", "second");
    assertThat(v1).startsWith("coffer:v1:");
    assertThat(v2).startsWith("coffer:v2:");
    assertThat(decryptText(alice, "k", v1)).isEqualTo("first");
    assertThat(decryptText(alice, "k", v2)).isEqualTo("second");
  }

  @Test
  void exportWhenNotExportableThen403ElseKeysByVersion() {
    String alice = newUser("alice");
    createKey(alice, "k", "aes256-gcm");
    String k = "/api/v1/keys/k";
    json(alice)
        .get(k + "/export")
        .then()
        .statusCode(403)
        .body("code", equalTo("key-not-exportable"));
    json(alice).body(Map.of("exportable", true)).patch(k);
    json(alice).post(k + "/rotate");
    json(alice)
        .get(k + "/export")
        .then()
        .statusCode(200)
        .body("name", equalTo("k"))
        .body("type", equalTo("aes256-gcm"))
        .body("keys.keySet()", equalTo(java.util.Set.of("2")));
    Map<String, String> all =
        json(alice).get(k + "/export?version=all").then().statusCode(200).extract().path("keys");
    assertThat(all.keySet()).containsExactly("1", "2");
    assertThat(Base64.getDecoder().decode(all.get("1"))).hasSize(32);
    json(alice)
        .get(k + "/export?version=1")
        .then()
        .statusCode(200)
        .body("keys.1", equalTo(all.get("1")));
    json(alice).get(k + "/export?version=7").then().statusCode(404);
    json(alice)
        .get(k + "/export?version=newest")
        .then()
        .statusCode(400)
        .body("detail", startsWith("version:"));
  }

  @Test
  void importWhenAesKeyThenCiphertextOpensWithThatKeyOutsideCoffer() throws Exception {
    String alice = newUser("alice");
    SecretBytes raw = SecretBytes.random(32);
    String encoded = Base64.getEncoder().encodeToString(raw.toByteArray());
    json(alice)
        .body(Map.of("name", "byok", "type", "aes256-gcm", "key", encoded, "exportable", true))
        .post("/api/v1/keys/import")
        .then()
        .statusCode(201)
        .body("latestVersion", equalTo(1));
    String ciphertext = encrypt(alice, "byok", "hello");
    byte[] sealed = Base64.getDecoder().decode(ciphertext.substring("coffer:v1:".length()));
    assertThat(new String(new AesGcmAead(raw).decrypt(sealed, new byte[0]), StandardCharsets.UTF_8))
        .isEqualTo("hello");
    json(alice).get("/api/v1/keys/byok/export").then().body("keys.1", equalTo(encoded));
  }

  @Test
  void importWhenKeyMalformedThen400NamingKey() {
    String alice = newUser("alice");
    for (Map<String, Object> body :
        List.<Map<String, Object>>of(
            Map.of("name", "a", "type", "aes256-gcm", "key", "not*base64"),
            Map.of("name", "a", "type", "chacha20-poly1305", "key", "AAAA"),
            Map.of("name", "a", "type", "fernet", "key", "short"))) {
      json(alice)
          .body(body)
          .post("/api/v1/keys/import")
          .then()
          .statusCode(400)
          .body("detail", startsWith("key:"));
    }
    json(alice)
        .body(Map.of("name", "a", "key", "AAAA"))
        .post("/api/v1/keys/import")
        .then()
        .statusCode(400)
        .body("detail", startsWith("type:"));
  }

  @Test
  void keyMaterialAtRestWhenStoredThenOnlyWrapped() {
    String alice = newUser("alice");
    json(alice).body(Map.of("name", "k", "exportable", true)).post("/api/v1/keys");
    byte[] raw =
        Base64.getDecoder()
            .decode((String) json(alice).get("/api/v1/keys/k/export").path("keys.1"));
    byte[] stored =
        jdbc.sql("select material from crypto_key_versions where owner = ? and name = 'k'")
            .param(alice)
            .query((rs, i) -> rs.getBytes(1))
            .single();
    assertThat(stored).hasSize(12 + 32 + 16);
    assertThat(indexOf(stored, java.util.Arrays.copyOf(raw, 8))).isNegative();
  }

  @Test
  void wrappedRowWhenCopiedOntoAnotherKeyThenRefusedWithClearProblemNotStackTrace() {
    String alice = newUser("alice");
    createKey(alice, "source", "aes256-gcm");
    createKey(alice, "target", "aes256-gcm");
    jdbc.sql(
            "update crypto_key_versions set material = (select material from crypto_key_versions"
                + " where owner = :o and name = 'source' and version = 1) where owner = :o and"
                + " name = 'target'")
        .param("o", alice)
        .update();
    json(alice)
        .body(Map.of("text", "x"))
        .post("/api/v1/keys/target/encrypt")
        .then()
        .statusCode(500)
        .contentType("application/problem+json")
        .body("code", equalTo("key-unavailable"))
        .body("detail", startsWith("The stored material of key 'target' does not unwrap"))
        .body("$", not(org.hamcrest.Matchers.hasKey("trace")));
    assertThat(encrypt(alice, "source", "still fine")).startsWith("coffer:v1:");
  }

  @Test
  void wrappedRowWhenAlteredOnAnAsymmetricKeyThenSignRefusedButSettingsStillListed() {
    String alice = newUser("alice");
    createKey(alice, "aes", "aes256-gcm");
    // An ed25519 key whose row carries the AES key's wrapped material (never loaded, so not cached)
    jdbc.sql(
            "insert into crypto_keys (owner, name, id, key_type, latest_version,"
                + " min_decryption_version, min_encryption_version, exportable, deletion_allowed,"
                + " created_at) select owner, 'sig', :id, 'ed25519', latest_version,"
                + " min_decryption_version, min_encryption_version, exportable, deletion_allowed,"
                + " created_at from crypto_keys where owner = :o and name = 'aes'")
        .param("o", alice)
        .param("id", java.util.UUID.randomUUID().toString())
        .update();
    jdbc.sql(
            "insert into crypto_key_versions (owner, name, version, material, hmac_key,"
                + " created_at) select owner, 'sig', version, material, hmac_key, created_at from"
                + " crypto_key_versions where owner = :o and name = 'aes'")
        .param("o", alice)
        .update();
    json(alice)
        .body(Map.of("text", "x"))
        .post("/api/v1/keys/sig/sign")
        .then()
        .statusCode(500)
        .body("code", equalTo("key-unavailable"));
    as(alice)
        .get("/api/v1/keys")
        .then()
        .statusCode(200)
        .body("name", equalTo(List.of("aes", "sig")))
        .body("[1]", not(org.hamcrest.Matchers.hasKey("publicKey")));
    as(alice).get("/api/v1/keys/sig").then().statusCode(200).body("type", equalTo("ed25519"));
  }

  @Test
  void userDeletedWithPurgeThenKeysGoneAndWithoutPurgeThenKept() {
    String keep = newUser("keep");
    String purge = newUser("purge");
    createKey(keep, "k", "aes256-gcm");
    createKey(purge, "k", "aes256-gcm");
    asAdmin().delete("/api/v1/users/" + keep).then().statusCode(204);
    asAdmin().delete("/api/v1/users/" + purge + "?purge=true").then().statusCode(204);
    assertThat(countKeys(keep)).isEqualTo(1);
    assertThat(countKeys(purge)).isZero();
  }

  @Test
  void openApiWhenFetchedThenDescribesEveryCryptoEndpoint() {
    String paths =
        io.restassured.RestAssured.get("/v3/api-docs").then().statusCode(200).extract().asString();
    assertThat(paths)
        .contains(
            "\"/api/v1/keys\"",
            "\"/api/v1/keys/import\"",
            "\"/api/v1/keys/{name}\"",
            "\"/api/v1/keys/{name}/rotate\"",
            "\"/api/v1/keys/{name}/export\"",
            "\"/api/v1/keys/{name}/encrypt\"",
            "\"/api/v1/keys/{name}/decrypt\"",
            "\"/api/v1/keys/{name}/rewrap\"",
            "\"/api/v1/keys/{name}/datakey\"",
            "\"/api/v1/keys/{name}/sign\"",
            "\"/api/v1/keys/{name}/verify\"",
            "\"/api/v1/keys/{name}/hmac\"",
            "\"/api/v1/keys/{name}/encrypt-stream\"",
            "\"/api/v1/keys/{name}/decrypt-stream\"",
            "\"/api/v1/random\"",
            "\"/api/v1/hash\"");
  }

  private int countKeys(String owner) {
    return jdbc.sql("select count(*) from crypto_keys where owner = ?")
        .param(owner)
        .query(Integer.class)
        .single();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
