package dev.coffer.crypto;

import static dev.coffer.crypto.StreamEndToEndTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.RawHttp;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every operation with a named key is counted at {@code /actuator/prometheus} by operation, key
 * type and outcome, with the bytes it worked on. Each test uses a key type the others here do not,
 * and compares before and after.
 */
class CryptoMetricsEndToEndTest extends CryptoEndToEndTest {

  private static final String OCTETS = "application/octet-stream";

  @Test
  void streamsWhenEncryptedAndDecryptedThenBothCountedWithTheirBytes() throws IOException {
    String alice = newUser("alice");
    createKey(alice, "k", "rsa-4096");
    Meters before = meters();
    byte[] plaintext = bytes(200_000, 1);

    byte[] stream =
        as(alice)
            .contentType(OCTETS)
            .body(plaintext)
            .post("/api/v1/keys/k/encrypt-stream")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    as(alice)
        .contentType(OCTETS)
        .body(stream)
        .post("/api/v1/keys/k/decrypt-stream")
        .then()
        .statusCode(200);
    stream[stream.length - 1] ^= 1;
    // the last segment fails after earlier plaintext left: the connection is cut
    RawHttp.post(port, "/api/v1/keys/k/decrypt-stream", alice, passwordOf(alice), OCTETS, stream);

    Meters after = meters();
    assertThat(after.delta(before, "operations", "encrypt-stream", "rsa-4096", "ok")).isEqualTo(1);
    assertThat(after.delta(before, "bytes", "encrypt-stream", "rsa-4096", "ok")).isEqualTo(200_000);
    assertThat(after.delta(before, "operations", "decrypt-stream", "rsa-4096", "ok")).isEqualTo(1);
    assertThat(after.delta(before, "bytes", "decrypt-stream", "rsa-4096", "ok")).isEqualTo(200_000);
    assertThat(after.delta(before, "operations", "decrypt-stream", "rsa-4096", "failed"))
        .isEqualTo(1);
    // the data key the stream wraps is part of the stream, not an encrypt of its own
    assertThat(after.delta(before, "operations", "encrypt", "rsa-4096", "ok")).isZero();
  }

  @Test
  void signaturesWhenMadeAndCheckedThenCountedByOperationAndOutcome() {
    String alice = newUser("alice");
    createKey(alice, "k", "ecdsa-p256");
    Meters before = meters();
    byte[] message = bytes(1000, 2);

    String signature =
        json(alice)
            .body(Map.of("input", b64(message)))
            .post("/api/v1/keys/k/sign")
            .then()
            .statusCode(200)
            .extract()
            .path("signature");
    json(alice)
        .body(Map.of("input", b64(message), "signature", signature))
        .post("/api/v1/keys/k/verify")
        .then()
        .statusCode(200);
    json(alice)
        .body(Map.of("input", b64(bytes(1000, 3)), "signature", signature))
        .post("/api/v1/keys/k/verify")
        .then()
        .statusCode(200);
    json(alice)
        .body(Map.of("input", "not base64!", "signature", signature))
        .post("/api/v1/keys/k/verify")
        .then()
        .statusCode(400);
    String hmac =
        json(alice)
            .body(Map.of("text", "hello"))
            .post("/api/v1/keys/k/hmac")
            .then()
            .statusCode(200)
            .extract()
            .path("hmac");
    json(alice)
        .body(Map.of("text", "hello", "hmac", hmac))
        .post("/api/v1/keys/k/verify")
        .then()
        .statusCode(200);
    String streamed =
        as(alice)
            .contentType(OCTETS)
            .body(bytes(70_000, 4))
            .post("/api/v1/keys/k/sign-stream")
            .then()
            .statusCode(200)
            .extract()
            .path("signature");
    as(alice)
        .contentType(OCTETS)
        .header("Coffer-Signature", streamed)
        .body(bytes(70_000, 5))
        .post("/api/v1/keys/k/verify-stream")
        .then()
        .statusCode(200);

    Meters after = meters();
    assertThat(after.delta(before, "operations", "sign", "ecdsa-p256", "ok")).isEqualTo(1);
    assertThat(after.delta(before, "bytes", "sign", "ecdsa-p256", "ok")).isEqualTo(1000);
    assertThat(after.delta(before, "operations", "verify", "ecdsa-p256", "ok")).isEqualTo(1);
    assertThat(after.delta(before, "operations", "verify", "ecdsa-p256", "failed")).isEqualTo(1);
    assertThat(after.delta(before, "operations", "verify", "ecdsa-p256", "rejected")).isEqualTo(1);
    assertThat(after.delta(before, "operations", "hmac", "ecdsa-p256", "ok")).isEqualTo(1);
    assertThat(after.delta(before, "bytes", "hmac", "ecdsa-p256", "ok")).isEqualTo(5);
    assertThat(after.delta(before, "operations", "hmac-verify", "ecdsa-p256", "ok")).isEqualTo(1);
    assertThat(after.delta(before, "operations", "sign-stream", "ecdsa-p256", "ok")).isEqualTo(1);
    assertThat(after.delta(before, "bytes", "sign-stream", "ecdsa-p256", "ok")).isEqualTo(70_000);
    assertThat(after.delta(before, "operations", "verify-stream", "ecdsa-p256", "failed"))
        .isEqualTo(1);
    assertThat(after.delta(before, "bytes", "verify-stream", "ecdsa-p256", "failed"))
        .isEqualTo(70_000);
  }

  @Test
  void batchAndEnvelopeOperationsWhenDoneThenEachItemCounted() {
    String alice = newUser("alice");
    createKey(alice, "k", "rsa-3072");
    Meters before = meters();

    List<Map<String, String>> results =
        json(alice)
            .body(Map.of("batch", List.of(Map.of("text", "abc"), Map.of("plaintext", "*"))))
            .post("/api/v1/keys/k/encrypt")
            .then()
            .statusCode(200)
            .extract()
            .path("batch");
    String ciphertext = results.get(0).get("ciphertext");
    json(alice)
        .body(Map.of("ciphertext", ciphertext))
        .post("/api/v1/keys/k/rewrap")
        .then()
        .statusCode(200);
    json(alice).body(Map.of()).post("/api/v1/keys/k/datakey").then().statusCode(200);

    Meters after = meters();
    assertThat(after.delta(before, "operations", "encrypt", "rsa-3072", "ok")).isEqualTo(1);
    assertThat(after.delta(before, "bytes", "encrypt", "rsa-3072", "ok")).isEqualTo(3);
    assertThat(after.delta(before, "operations", "encrypt", "rsa-3072", "rejected")).isEqualTo(1);
    assertThat(after.delta(before, "operations", "rewrap", "rsa-3072", "ok")).isEqualTo(1);
    assertThat(after.delta(before, "operations", "datakey", "rsa-3072", "ok")).isEqualTo(1);
    assertThat(after.delta(before, "operations", "decrypt", "rsa-3072", "ok")).isZero();
  }

  private Meters meters() {
    return new Meters(
        asAdmin().get("/actuator/prometheus").then().statusCode(200).extract().asString());
  }

  /** One scrape of the crypto meters. */
  private record Meters(String scrape) {

    double value(String meter, String operation, String type, String outcome) {
      String series =
          "coffer_crypto_"
              + meter
              + "_total{operation=\""
              + operation
              + "\",outcome=\""
              + outcome
              + "\",type=\""
              + type
              + "\"} ";
      return scrape
          .lines()
          .filter(line -> line.startsWith(series))
          .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).trim()))
          .findFirst()
          .orElse(0);
    }

    long delta(Meters before, String meter, String operation, String type, String outcome) {
      return Math.round(
          value(meter, operation, type, outcome) - before.value(meter, operation, type, outcome));
    }
  }
}
