package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The data operations over HTTP: encrypt, decrypt, batches, rewrap, data keys, random, hash. */
class EncryptionEndToEndTest extends CryptoEndToEndTest {

  @ParameterizedTest
  @ValueSource(strings = {"aes256-gcm", "chacha20-poly1305"})
  void encryptWhenDecryptedWithSameAssociatedDataThenRoundTrips(String type) {
    String alice = newUser("alice");
    createKey(alice, "k", type);
    byte[] binary = {0, (byte) 0xff, 1, (byte) 0x80};
    String aad = b64("order-42".getBytes(StandardCharsets.UTF_8));
    JsonPath encrypted =
        json(alice)
            .body(Map.of("plaintext", b64(binary), "associatedData", aad))
            .post("/api/v1/keys/k/encrypt")
            .then()
            .statusCode(200)
            .body("keyVersion", equalTo(1))
            .extract()
            .jsonPath();
    assertThat(encrypted.getString("ciphertext")).startsWith("coffer:v1:");
    json(alice)
        .body(Map.of("ciphertext", encrypted.getString("ciphertext"), "associatedData", aad))
        .post("/api/v1/keys/k/decrypt")
        .then()
        .statusCode(200)
        .body("plaintext", equalTo(b64(binary)))
        .body("text", nullValue());
    String text = encrypt(alice, "k", "grüße 🔐");
    json(alice)
        .body(Map.of("ciphertext", text))
        .post("/api/v1/keys/k/decrypt")
        .then()
        .statusCode(200)
        .body("text", equalTo("grüße 🔐"));
  }

  @Test
  void decryptWhenAnythingIsWrongThenOneOpaque400() {
    String alice = newUser("alice");
    createKey(alice, "k", "aes256-gcm");
    String aad = b64(new byte[] {1});
    String good =
        json(alice)
            .body(Map.of("text", "secret", "associatedData", aad))
            .post("/api/v1/keys/k/encrypt")
            .path("ciphertext");
    String body = good.substring("coffer:v1:".length());
    byte[] raw = Base64.getDecoder().decode(body);
    raw[raw.length - 1] ^= 1;
    createKey(alice, "other", "aes256-gcm");
    List<Map<String, String>> attempts =
        List.of(
            Map.of("ciphertext", good),
            Map.of("ciphertext", good, "associatedData", b64(new byte[] {2})),
            Map.of("ciphertext", "coffer:v1:" + b64(raw), "associatedData", aad),
            Map.of("ciphertext", "coffer:v2:" + body, "associatedData", aad),
            Map.of("ciphertext", "coffer:v0:" + body, "associatedData", aad),
            Map.of("ciphertext", "coffer:v1:" + body.substring(0, 20), "associatedData", aad),
            Map.of("ciphertext", "coffer:v1:***", "associatedData", aad),
            Map.of("ciphertext", "vault:v1:" + body, "associatedData", aad),
            Map.of("ciphertext", "", "associatedData", aad));
    List<String> bodies = new ArrayList<>();
    for (Map<String, String> attempt : attempts) {
      bodies.add(
          json(alice)
              .body(attempt)
              .post("/api/v1/keys/k/decrypt")
              .then()
              .statusCode(400)
              .body("code", equalTo("decryption-failed"))
              .body("detail", equalTo("decryption failed"))
              .extract()
              .asString());
    }
    bodies.add(
        json(alice)
            .body(Map.of("ciphertext", good, "associatedData", aad))
            .post("/api/v1/keys/other/decrypt")
            .then()
            .statusCode(400)
            .extract()
            .asString()
            .replace("/keys/other/", "/keys/k/"));
    assertThat(bodies).containsOnly(bodies.get(0));
  }

  @Test
  void operationsWhenDoneThenCountedByTypeAndOutcomeInPrometheus() {
    String alice = newUser("alice");
    createKey(alice, "counted", "chacha20-poly1305");
    double before = operations("encrypt", "chacha20-poly1305", "ok");
    double failedBefore = operations("decrypt", "chacha20-poly1305", "failed");
    String ciphertext = encrypt(alice, "counted", "x");
    decryptText(alice, "counted", ciphertext);
    json(alice).body(Map.of("ciphertext", "coffer:v1:AAAA")).post("/api/v1/keys/counted/decrypt");
    assertThat(operations("encrypt", "chacha20-poly1305", "ok")).isGreaterThanOrEqualTo(before + 1);
    assertThat(operations("decrypt", "chacha20-poly1305", "failed"))
        .isGreaterThanOrEqualTo(failedBefore + 1);
    assertThat(asAdmin().get("/actuator/prometheus").asString()).doesNotContain("counted");
  }

  private double operations(String operation, String type, String outcome) {
    String prefix =
        "coffer_crypto_operations_total{operation=\""
            + operation
            + "\",outcome=\""
            + outcome
            + "\",type=\""
            + type
            + "\"}";
    return asAdmin()
        .get("/actuator/prometheus")
        .then()
        .statusCode(200)
        .extract()
        .asString()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no meter " + prefix));
  }

  @Test
  void decryptWhenVersionBelowMinimumThenRefusedAndEncryptBelowFloorThen400() {
    String alice = newUser("alice");
    createKey(alice, "k", "chacha20-poly1305");
    String old = encrypt(alice, "k", "old");
    json(alice).post("/api/v1/keys/k/rotate").then().statusCode(200);
    json(alice)
        .body(Map.of("keyVersion", 1, "text", "x"))
        .post("/api/v1/keys/k/encrypt")
        .then()
        .statusCode(200)
        .body("ciphertext", startsWith("coffer:v1:"));
    json(alice)
        .body(Map.of("minDecryptionVersion", 2))
        .patch("/api/v1/keys/k")
        .then()
        .statusCode(200);
    json(alice)
        .body(Map.of("ciphertext", old))
        .post("/api/v1/keys/k/decrypt")
        .then()
        .statusCode(400)
        .body("detail", equalTo("decryption failed"));
    json(alice)
        .body(Map.of("keyVersion", 1, "text", "x"))
        .post("/api/v1/keys/k/encrypt")
        .then()
        .statusCode(400)
        .body("detail", startsWith("keyVersion:"));
    json(alice)
        .body(Map.of("minDecryptionVersion", 1))
        .patch("/api/v1/keys/k")
        .then()
        .statusCode(200);
    assertThat(decryptText(alice, "k", old)).isEqualTo("old");
  }

  @Test
  void encryptWhenInputBadThen400NamingTheField() {
    String alice = newUser("alice");
    createKey(alice, "k", "aes256-gcm");
    String enc = "/api/v1/keys/k/encrypt";
    json(alice)
        .body(Map.of("plaintext", "%%%"))
        .post(enc)
        .then()
        .statusCode(400)
        .body("detail", startsWith("plaintext:"));
    json(alice)
        .body(Map.of("text", "a", "associatedData", "!!"))
        .post(enc)
        .then()
        .statusCode(400)
        .body("detail", startsWith("associatedData:"));
    json(alice)
        .body(Map.of())
        .post(enc)
        .then()
        .statusCode(400)
        .body("detail", startsWith("plaintext:"));
    json(alice)
        .body(Map.of("text", "a", "plaintext", "YQ=="))
        .post(enc)
        .then()
        .statusCode(400)
        .body("detail", startsWith("plaintext:"));
    json(alice)
        .body("{\"text\":\"a\",\"keyVersion\":\"latest\"}")
        .post(enc)
        .then()
        .statusCode(400)
        .body("detail", startsWith("keyVersion:"));
    json(alice)
        .body("{\"batch\":[{\"text\":\"a\"},{\"text\":[1]}]}")
        .post(enc)
        .then()
        .statusCode(400)
        .body("detail", startsWith("batch[1].text:"));
    json(alice)
        .body("{\"text\":")
        .post(enc)
        .then()
        .statusCode(400)
        .body("code", equalTo("malformed-request"));
    json(alice)
        .body(Map.of("text", "a", "batch", List.of()))
        .post(enc)
        .then()
        .statusCode(400)
        .body("detail", startsWith("batch:"));
    json(alice)
        .body(Map.of("ciphertext", "x", "ttlSeconds", 5))
        .post("/api/v1/keys/k/decrypt")
        .then()
        .statusCode(400)
        .body("detail", startsWith("ttlSeconds:"));
  }

  @Test
  void batchWhenSomeItemsBadThenPerItemResultsInInputOrder() {
    String alice = newUser("alice");
    createKey(alice, "k", "aes256-gcm");
    List<Map<String, String>> items =
        List.of(
            Map.of("text", "one", "reference", "r1"),
            Map.of("plaintext", "not base64!", "reference", "r2"),
            Map.of("plaintext", b64("three".getBytes(StandardCharsets.UTF_8)), "reference", "r3"));
    JsonPath encrypted =
        json(alice)
            .body(Map.of("batch", items))
            .post("/api/v1/keys/k/encrypt")
            .then()
            .statusCode(200)
            .body("batch", hasSize(3))
            .body("batch.reference", equalTo(List.of("r1", "r2", "r3")))
            .body("batch[1].error", startsWith("batch[1].plaintext:"))
            .body("batch[1].ciphertext", nullValue())
            .extract()
            .jsonPath();
    List<Map<String, String>> toDecrypt =
        List.of(
            Map.of("ciphertext", encrypted.getString("batch[2].ciphertext"), "reference", "a"),
            Map.of("ciphertext", "coffer:v1:AAAA", "reference", "b"),
            Map.of("ciphertext", encrypted.getString("batch[0].ciphertext"), "reference", "c"));
    json(alice)
        .body(Map.of("batch", toDecrypt))
        .post("/api/v1/keys/k/decrypt")
        .then()
        .statusCode(200)
        .body("batch.reference", equalTo(List.of("a", "b", "c")))
        .body("batch[0].text", equalTo("three"))
        .body("batch[1].error", equalTo("decryption failed"))
        .body("batch[2].text", equalTo("one"));
  }

  @Test
  void batchWhenLargerThanLimitThen400() {
    String alice = newUser("alice");
    createKey(alice, "k", "aes256-gcm");
    List<Map<String, String>> items = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      items.add(Map.of("text", "x"));
    }
    json(alice)
        .body(Map.of("batch", items))
        .post("/api/v1/keys/k/encrypt")
        .then()
        .statusCode(400)
        .body("code", equalTo("batch-too-large"))
        .body("detail", startsWith("batch:"));
  }

  @Test
  void bodyWhenLargerThanLimitThen413WhetherDeclaredOrChunked() throws Exception {
    String alice = newUser("alice");
    createKey(alice, "k", "aes256-gcm");
    String big = "{\"text\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}";
    json(alice)
        .body(big)
        .post("/api/v1/keys/k/encrypt")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("code", equalTo("payload-too-large"));
    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/keys/k/encrypt"))
            .header("Authorization", basic(alice))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("payload-too-large");
    HttpRequest smallChunked =
        HttpRequest.newBuilder(chunked.uri())
            .header("Authorization", basic(alice))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () ->
                        new ByteArrayInputStream(
                            "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8))))
            .build();
    assertThat(
            HttpClient.newHttpClient()
                .send(smallChunked, HttpResponse.BodyHandlers.ofString())
                .body())
        .contains("coffer:v1:");
  }

  @Test
  void rewrapWhenRotatedThenLatestVersionSamePlaintextNoPlaintextReturned() {
    String alice = newUser("alice");
    createKey(alice, "k", "aes256-gcm");
    String aad = b64(new byte[] {7});
    String v1 =
        json(alice)
            .body(Map.of("text", "payload", "associatedData", aad))
            .post("/api/v1/keys/k/encrypt")
            .path("ciphertext");
    json(alice).post("/api/v1/keys/k/rotate");
    String body =
        json(alice)
            .body(Map.of("ciphertext", v1, "associatedData", aad))
            .post("/api/v1/keys/k/rewrap")
            .then()
            .statusCode(200)
            .body("keyVersion", equalTo(2))
            .extract()
            .asString();
    assertThat(body).doesNotContain("payload", b64("payload".getBytes(StandardCharsets.UTF_8)));
    String v2 = JsonPath.from(body).getString("ciphertext");
    assertThat(v2).startsWith("coffer:v2:");
    json(alice)
        .body(Map.of("ciphertext", v2, "associatedData", aad))
        .post("/api/v1/keys/k/decrypt")
        .then()
        .body("text", equalTo("payload"));
    json(alice)
        .body(Map.of("batch", List.of(Map.of("ciphertext", "junk", "reference", "x"))))
        .post("/api/v1/keys/k/rewrap")
        .then()
        .statusCode(200)
        .body("batch[0].error", equalTo("decryption failed"))
        .body("batch[0].reference", equalTo("x"));
  }

  @Test
  void datakeyWhenRequestedThenCiphertextDecryptsToReturnedPlaintext() {
    String alice = newUser("alice");
    createKey(alice, "k", "chacha20-poly1305");
    JsonPath key =
        json(alice)
            .body(Map.of("bits", 128, "includePlaintext", true))
            .post("/api/v1/keys/k/datakey")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(Base64.getDecoder().decode(key.getString("plaintext"))).hasSize(16);
    json(alice)
        .body(Map.of("ciphertext", key.getString("ciphertext")))
        .post("/api/v1/keys/k/decrypt")
        .then()
        .body("plaintext", equalTo(key.getString("plaintext")));
    json(alice)
        .body(Map.of())
        .post("/api/v1/keys/k/datakey")
        .then()
        .statusCode(200)
        .body("plaintext", nullValue())
        .body("ciphertext", startsWith("coffer:v1:"));
    json(alice)
        .body(Map.of("bits", 100))
        .post("/api/v1/keys/k/datakey")
        .then()
        .statusCode(400)
        .body("detail", startsWith("bits:"));
  }

  @Test
  void randomWhenAskedThenBytesInFormatAndBoundsEnforced() {
    String alice = newUser("alice");
    String r =
        json(alice)
            .body(Map.of("bytes", 32))
            .post("/api/v1/random")
            .then()
            .statusCode(200)
            .extract()
            .path("random");
    assertThat(Base64.getDecoder().decode(r)).hasSize(32);
    String hex =
        json(alice)
            .body(Map.of("bytes", 16, "format", "hex"))
            .post("/api/v1/random")
            .path("random");
    assertThat(HexFormat.of().parseHex(hex)).hasSize(16);
    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(Map.of("bytes", 0), Map.of("bytes", 1025), Map.of())) {
      json(alice)
          .body(bad)
          .post("/api/v1/random")
          .then()
          .statusCode(400)
          .body("detail", startsWith("bytes:"));
    }
    json(alice)
        .body(Map.of("bytes", 4, "format", "oct"))
        .post("/api/v1/random")
        .then()
        .statusCode(400)
        .body("detail", startsWith("format:"));
  }

  @Test
  void hashWhenAskedThenKnownDigests() {
    String alice = newUser("alice");
    String abc = b64("abc".getBytes(StandardCharsets.UTF_8));
    Map<String, String> expected = new HashMap<>();
    expected.put("sha2-256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expected.put("sha3-256", "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
    expected.forEach(
        (algorithm, sum) ->
            json(alice)
                .body(Map.of("input", abc, "algorithm", algorithm))
                .post("/api/v1/hash")
                .then()
                .statusCode(200)
                .body("sum", equalTo(sum)));
    json(alice)
        .body(Map.of("input", abc))
        .post("/api/v1/hash")
        .then()
        .body("sum", equalTo(expected.get("sha2-256")));
    json(alice)
        .body(Map.of("input", abc, "algorithm", "sha2-512"))
        .post("/api/v1/hash")
        .then()
        .body("sum", startsWith("ddaf35a193617aba"));
    json(alice)
        .body(Map.of("input", abc, "algorithm", "md5"))
        .post("/api/v1/hash")
        .then()
        .statusCode(400)
        .body("detail", startsWith("algorithm:"));
    json(alice)
        .body(Map.of("input", "@@"))
        .post("/api/v1/hash")
        .then()
        .statusCode(400)
        .body("detail", startsWith("input:"));
  }

  @Test
  void cryptoCallWhenNotSignedInThen401() {
    io.restassured.RestAssured.given()
        .contentType(ContentType.JSON)
        .body(Map.of("bytes", 4))
        .post("/api/v1/random")
        .then()
        .statusCode(401);
  }

  private static String basic(String user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + passwordOf(user)).getBytes(StandardCharsets.UTF_8));
  }
}
