package dev.coffer.crypto;

import static dev.coffer.crypto.StreamEndToEndTest.bytes;
import static dev.coffer.crypto.StreamEndToEndTest.slot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.crypto.primitive.ExternalTool;
import dev.coffer.crypto.primitive.OpenSslInteropTest;
import dev.coffer.crypto.primitive.Signatures.Algorithm;
import dev.coffer.crypto.primitive.StreamFormatDocTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The API against outside tools, with only what a user gets from it: signatures verify with {@code
 * openssl} and the published public key; the Python recipes of {@code docs/stream-format.md}
 * (Debian's python3-cryptography) encrypt for an RSA key's public PEM and write and read streams
 * that Coffer reads and writes.
 */
class InteropEndToEndTest extends CryptoEndToEndTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"rsa-3072, RSA_PSS_SHA256", "ed25519, ED25519", "ecdsa-p256, ECDSA_P256_SHA256"})
  void signatureFromTheApiWhenCheckedByOpensslWithThePublishedKeyThenVerified(
      String type, Algorithm algorithm) throws Exception {
    ExternalTool.require(OpenSslInteropTest.OPENSSL, "openssl");
    String alice = newUser("alice");
    String publicKey =
        json(alice)
            .body(Map.of("name", "k", "type", type))
            .post("/api/v1/keys")
            .then()
            .statusCode(201)
            .extract()
            .path("publicKey");
    byte[] message = bytes(2000, 5);
    String signature =
        json(alice)
            .body(Map.of("input", b64(message)))
            .post("/api/v1/keys/k/sign")
            .then()
            .statusCode(200)
            .extract()
            .path("signature");
    Files.writeString(dir.resolve("pub.pem"), publicKey);
    Files.write(dir.resolve("msg"), message);
    Files.write(dir.resolve("other"), bytes(2000, 6));
    Files.write(
        dir.resolve("sig"), Base64.getDecoder().decode(signature.substring("coffer:v1:".length())));

    assertThat(ExternalTool.runOk(dir, OpenSslInteropTest.verifyCommand(algorithm, "msg")))
        .contains("Verified");
    assertThat(
            ExternalTool.run(dir, OpenSslInteropTest.verifyCommand(algorithm, "other")).exitCode())
        .isNotZero();
  }

  @Test
  void pythonRecipeWhenEncryptingForThePublishedRsaKeyThenCofferDecrypts() throws Exception {
    StreamFormatDocTest.requirePython();
    String alice = newUser("alice");
    String publicKey =
        json(alice)
            .body(Map.of("name", "rsa", "type", "rsa-2048"))
            .post("/api/v1/keys")
            .then()
            .statusCode(201)
            .extract()
            .path("publicKey");
    Files.writeString(dir.resolve("public.pem"), publicKey);
    byte[] plaintext = bytes(50_000, 7);
    Files.write(dir.resolve("plain"), plaintext);

    String ciphertext =
        StreamFormatDocTest.python(
                dir,
                "import base64\n"
                    + "print('coffer:v1:' + base64.b64encode(rsa_hybrid_encrypt("
                    + "open('public.pem','rb').read(), open('plain','rb').read(),"
                    + " b'invoice')).decode())")
            .trim();

    String opened =
        json(alice)
            .body(Map.of("ciphertext", ciphertext, "associatedData", b64("invoice".getBytes())))
            .post("/api/v1/keys/rsa/decrypt")
            .then()
            .statusCode(200)
            .extract()
            .path("plaintext");
    assertThat(Base64.getDecoder().decode(opened)).isEqualTo(plaintext);
  }

  @Test
  void pythonReferenceWhenWritingAndReadingStreamsWithADataKeyFromTheApiThenCofferAgrees()
      throws Exception {
    StreamFormatDocTest.requirePython();
    String alice = newUser("alice");
    createKey(alice, "k", "aes256-gcm");
    Map<String, String> datakey =
        json(alice)
            .body(Map.of("includePlaintext", true))
            .post("/api/v1/keys/k/datakey")
            .then()
            .statusCode(200)
            .extract()
            .path("$");
    byte[] plaintext = bytes(150_000, 8);
    Files.write(dir.resolve("plain"), plaintext);
    StreamFormatDocTest.python(
        dir,
        "import base64\n"
            + "encrypt_stream(open('plain','rb'), open('sealed','wb'), lambda k: b'"
            + datakey.get("ciphertext")
            + "', data_key=base64.b64decode('"
            + datakey.get("plaintext")
            + "'))");
    byte[] decrypted =
        as(alice)
            .contentType("application/octet-stream")
            .body(Files.readAllBytes(dir.resolve("sealed")))
            .post("/api/v1/keys/k/decrypt-stream")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertThat(decrypted).isEqualTo(plaintext);

    byte[] stream =
        as(alice)
            .contentType("application/octet-stream")
            .body(plaintext)
            .post("/api/v1/keys/k/encrypt-stream")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    Files.write(dir.resolve("coffer-sealed"), stream);
    String dataKey =
        json(alice)
            .body(Map.of("ciphertext", slot(stream)))
            .post("/api/v1/keys/k/decrypt")
            .then()
            .statusCode(200)
            .extract()
            .path("plaintext");
    StreamFormatDocTest.python(
        dir,
        "decrypt_stream(open('coffer-sealed','rb'), open('coffer-plain','wb'), lambda w:"
            + " bytes.fromhex('"
            + HexFormat.of().formatHex(Base64.getDecoder().decode(dataKey))
            + "'))");
    assertThat(Files.readAllBytes(dir.resolve("coffer-plain"))).isEqualTo(plaintext);
  }
}
