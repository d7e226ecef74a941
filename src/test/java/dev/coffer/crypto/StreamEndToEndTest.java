package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.coffer.support.RawHttp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * encrypt-stream and decrypt-stream over real HTTP, including how each kind of damage reaches the
 * client: a 400 problem before any output, or a chunked 200 that never ends normally.
 */
class StreamEndToEndTest extends CryptoEndToEndTest {

  private static final String OCTETS = "application/octet-stream";
  private static final int SEGMENT = 65536;
  private static final int SEALED_SEGMENT = SEGMENT + 16;

  @ParameterizedTest(name = "{0}, {1} bytes")
  @CsvSource({
    "aes256-gcm, 0",
    "aes256-gcm, 200000",
    "chacha20-poly1305, 65536",
    "chacha20-poly1305, 1",
    "rsa-2048, 131073"
  })
  void streamWhenEncryptedAndDecryptedThenSamePlaintextInTheDocumentedFormat(String type, int size)
      throws IOException {
    String alice = newUser("alice");
    createKey(alice, "k", type);
    byte[] plaintext = bytes(size, size);

    byte[] stream = encryptStream(alice, "k", plaintext);

    assertThat(Arrays.copyOf(stream, 4)).isEqualTo("COFS".getBytes(StandardCharsets.US_ASCII));
    assertThat(stream[5]).isEqualTo((byte) (type.startsWith("chacha") ? 2 : 1));
    String slot = slot(stream);
    assertThat(slot).startsWith("coffer:v1:");
    byte[] dataKey =
        Base64.getDecoder()
            .decode(
                (String)
                    json(alice)
                        .body(Map.of("ciphertext", slot))
                        .post("/api/v1/keys/k/decrypt")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("plaintext"));
    assertThat(dataKey).hasSize(32);
    long segments = Math.max(1, (size + SEGMENT - 1) / SEGMENT);
    assertThat(stream).hasSize((int) (19 + slot.length() + size + 16 * segments));

    RawHttp.Response response = decryptRaw(alice, "k", stream);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.complete()).isTrue();
    assertThat(response.headers().get("content-type")).startsWith(OCTETS);
    assertThat(response.body()).isEqualTo(plaintext);
  }

  @Test
  void decryptWhenBrokenBeforeTheFirstSegmentEndsThen400ProblemAndNoPlaintext() throws IOException {
    String alice = newUser("alice");
    createKey(alice, "k", "aes256-gcm");
    createKey(alice, "other", "aes256-gcm");
    byte[] stream = encryptStream(alice, "k", bytes(3 * SEGMENT, 1));
    int header = 19 + slot(stream).length();
    Map<String, byte[]> broken =
        Map.of(
            "empty", new byte[0],
            "half a header", Arrays.copyOf(stream, 10),
            "header only", Arrays.copyOf(stream, header),
            "first segment cut", Arrays.copyOf(stream, header + 100),
            "bit flipped in the slot", flip(stream, 30),
            "bit flipped in the nonce prefix", flip(stream, 12),
            "bit flipped in the first segment", flip(stream, header + 5),
            "not a stream", "hello, world, this is not a COFS stream".getBytes());
    for (var entry : broken.entrySet()) {
      RawHttp.Response response = decryptRaw(alice, "k", entry.getValue());
      assertThat(response.status()).as(entry.getKey()).isEqualTo(400);
      assertThat(response.headers().get("content-type")).isEqualTo("application/problem+json");
      assertThat(new String(response.body(), StandardCharsets.UTF_8))
          .as(entry.getKey())
          .contains("\"detail\":\"decryption failed\"");
    }
    assertThat(decryptRaw(alice, "other", stream).status()).isEqualTo(400);

    json(alice).post("/api/v1/keys/k/rotate").then().statusCode(200);
    json(alice).body(Map.of("minDecryptionVersion", 2)).patch("/api/v1/keys/k");
    assertThat(decryptRaw(alice, "k", stream).status()).isEqualTo(400);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "truncated at a segment boundary",
        "truncated inside the last segment",
        "segments 1 and 2 swapped",
        "segment 1 duplicated",
        "bit flipped in the last segment",
        "a byte appended"
      })
  void decryptWhenBrokenAfterTheFirstSegmentThenChunkedResponseNeverEndsAndIsATruePrefix(
      String damage) throws IOException {
    String alice = newUser("alice");
    createKey(alice, "k", "chacha20-poly1305");
    byte[] plaintext = bytes(3 * SEGMENT + 1000, 2);
    byte[] stream = encryptStream(alice, "k", plaintext);
    int header = 19 + slot(stream).length();
    UnaryOperator<byte[]> change =
        switch (damage) {
          case "truncated at a segment boundary" ->
              s -> Arrays.copyOf(s, header + 3 * SEALED_SEGMENT);
          case "truncated inside the last segment" -> s -> Arrays.copyOf(s, s.length - 1);
          case "segments 1 and 2 swapped" -> s -> swap(s, header + SEALED_SEGMENT);
          case "segment 1 duplicated" ->
              s ->
                  concat(
                      Arrays.copyOf(s, header + 2 * SEALED_SEGMENT),
                      Arrays.copyOfRange(s, header + SEALED_SEGMENT, s.length));
          case "bit flipped in the last segment" -> s -> flip(s, s.length - 20);
          default -> s -> concat(s, new byte[] {0});
        };

    RawHttp.Response response = decryptRaw(alice, "k", change.apply(stream));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.chunked()).isTrue();
    assertThat(response.complete()).as("the chunked body ends without its final chunk").isFalse();
    assertThat(response.body().length).isGreaterThanOrEqualTo(SEGMENT);
    assertThat(response.body()).isEqualTo(Arrays.copyOf(plaintext, response.body().length));
  }

  @Test
  void encryptWhenUploadBreaksOffThenResponseNeverEndsNormally() throws IOException {
    String alice = newUser("alice");
    createKey(alice, "k", "aes256-gcm");
    RawHttp.Response response =
        RawHttp.post(
            port,
            "/api/v1/keys/k/encrypt-stream",
            alice,
            passwordOf(alice),
            OCTETS,
            bytes(5 * SEGMENT, 3),
            10L * SEGMENT);
    assertThat(response.complete()).isFalse();
  }

  @Test
  void streamWhenKeyCannotOrRequestIsWrongThenClearProblem() {
    String alice = newUser("alice");
    createKey(alice, "fernet", "fernet");
    createKey(alice, "sig", "ed25519");
    createKey(alice, "aes", "aes256-gcm");
    for (String key : new String[] {"fernet", "sig"}) {
      for (String op : new String[] {"encrypt-stream", "decrypt-stream"}) {
        as(alice)
            .contentType(OCTETS)
            .body(new byte[10])
            .post("/api/v1/keys/" + key + "/" + op)
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .body("code", equalTo("operation-not-supported"))
            .body("detail", startsWith("Keys of type"));
      }
    }
    as(alice)
        .contentType(OCTETS)
        .body(new byte[10])
        .post("/api/v1/keys/missing/encrypt-stream")
        .then()
        .statusCode(404)
        .body("code", equalTo("key-not-found"));
    String bob = newUser("bob");
    as(bob)
        .contentType(OCTETS)
        .body(new byte[10])
        .post("/api/v1/keys/aes/encrypt-stream")
        .then()
        .statusCode(404);
    as(alice)
        .contentType("text/plain")
        .body("hello")
        .post("/api/v1/keys/aes/encrypt-stream")
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
  }

  private byte[] encryptStream(String user, String key, byte[] plaintext) {
    return as(user)
        .contentType(OCTETS)
        .body(plaintext)
        .post("/api/v1/keys/" + key + "/encrypt-stream")
        .then()
        .statusCode(200)
        .contentType(OCTETS)
        .extract()
        .asByteArray();
  }

  private RawHttp.Response decryptRaw(String user, String key, byte[] stream) throws IOException {
    return RawHttp.post(
        port, "/api/v1/keys/" + key + "/decrypt-stream", user, passwordOf(user), OCTETS, stream);
  }

  static String slot(byte[] stream) {
    int length = Short.toUnsignedInt(ByteBuffer.wrap(stream, 17, 2).getShort());
    return new String(stream, 19, length, StandardCharsets.US_ASCII);
  }

  static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] flip(byte[] stream, int at) {
    byte[] copy = stream.clone();
    copy[at] ^= 1;
    return copy;
  }

  /** Swaps the two whole segments that start at {@code from}. */
  private static byte[] swap(byte[] stream, int from) {
    byte[] copy = stream.clone();
    System.arraycopy(stream, from + SEALED_SEGMENT, copy, from, SEALED_SEGMENT);
    System.arraycopy(stream, from, copy, from + SEALED_SEGMENT, SEALED_SEGMENT);
    return copy;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
