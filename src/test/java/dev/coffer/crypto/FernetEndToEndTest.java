package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.coffer.crypto.primitive.Fernet;
import dev.coffer.crypto.primitive.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Fernet keys over HTTP, and interoperability with Debian's python3-cryptography in both
 * directions. The Python tests skip when it is missing, but fail under {@code CI=true}.
 */
class FernetEndToEndTest extends CryptoEndToEndTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @Test
  void fernetKeyWhenEncryptingThenStandardTokenThatDecryptsAfterRotation() {
    String alice = newUser("alice");
    createFernet(alice, "legacy", false);
    String token = encrypt(alice, "legacy", "hello");
    assertThat(token).startsWith("gAAAAA").doesNotContain("coffer:");
    json(alice).post("/api/v1/keys/legacy/rotate").then().statusCode(200);
    String newer = encrypt(alice, "legacy", "newer");
    assertThat(decrypt(alice, "legacy", Map.of("ciphertext", token))).isEqualTo("hello");
    assertThat(decrypt(alice, "legacy", Map.of("ciphertext", newer))).isEqualTo("newer");
    json(alice).body(Map.of("minDecryptionVersion", 2)).patch("/api/v1/keys/legacy");
    json(alice)
        .body(Map.of("ciphertext", token))
        .post("/api/v1/keys/legacy/decrypt")
        .then()
        .statusCode(400)
        .body("detail", equalTo("decryption failed"));
  }

  @Test
  void fernetDecryptWhenTokenOlderThanTtlThenOpaque400() {
    String alice = newUser("alice");
    SecretBytes key = SecretBytes.random(32);
    importFernet(alice, "imported", Fernet.formatKey(key));
    String old =
        new Fernet(key, Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC))
            .encrypt("an hour old".getBytes(StandardCharsets.UTF_8));
    json(alice)
        .body(Map.of("ciphertext", old, "ttlSeconds", 60))
        .post("/api/v1/keys/imported/decrypt")
        .then()
        .statusCode(400)
        .body("detail", equalTo("decryption failed"));
    assertThat(decrypt(alice, "imported", Map.of("ciphertext", old, "ttlSeconds", 7200)))
        .isEqualTo("an hour old");
    assertThat(decrypt(alice, "imported", Map.of("ciphertext", old))).isEqualTo("an hour old");
  }

  @Test
  void fernetWhenAssociatedDataGivenThen400NamingIt() {
    String alice = newUser("alice");
    createFernet(alice, "f", false);
    json(alice)
        .body(Map.of("text", "x", "associatedData", "AA=="))
        .post("/api/v1/keys/f/encrypt")
        .then()
        .statusCode(400)
        .body("detail", startsWith("associatedData:"));
  }

  @Test
  void fernetRewrapWhenRotatedThenNewKeyOpensItAndTimestampKept() throws Exception {
    String alice = newUser("alice");
    createFernet(alice, "f", true);
    String token = encrypt(alice, "f", "keep my age");
    json(alice).post("/api/v1/keys/f/rotate");
    String rewrapped =
        json(alice)
            .body(Map.of("ciphertext", token))
            .post("/api/v1/keys/f/rewrap")
            .then()
            .statusCode(200)
            .body("keyVersion", equalTo(2))
            .extract()
            .path("ciphertext");
    Map<String, String> keys = json(alice).get("/api/v1/keys/f/export?version=all").path("keys");
    Fernet v2 = new Fernet(Fernet.parseKey(keys.get("2")));
    Fernet.Decrypted opened = v2.decrypt(rewrapped, null);
    assertThat(opened.plaintext()).asString().isEqualTo("keep my age");
    assertThat(opened.timestamp())
        .isEqualTo(new Fernet(Fernet.parseKey(keys.get("1"))).decrypt(token, null).timestamp());
  }

  @Test
  void exportedKeyWhenUsedInPythonThenDecryptsCofferToken() throws Exception {
    requirePythonCryptography();
    String alice = newUser("alice");
    createFernet(alice, "py", true);
    String token = encrypt(alice, "py", "from coffer ✓");
    String key =
        json(alice).get("/api/v1/keys/py/export").then().statusCode(200).extract().path("keys.1");
    String out =
        python(
            "import sys\nfrom cryptography.fernet import Fernet\n"
                + "key, token = sys.stdin.read().split()\n"
                + "sys.stdout.write(Fernet(key.encode()).decrypt(token.encode(), ttl=600)"
                + ".decode('utf-8'))\n",
            key + "\n" + token + "\n");
    assertThat(out).isEqualTo("from coffer ✓");
  }

  @Test
  void pythonTokenWhenKeyImportedThenDecryptsHere() throws Exception {
    requirePythonCryptography();
    String alice = newUser("alice");
    String[] keyAndToken =
        python(
                "from cryptography.fernet import Fernet\n"
                    + "key = Fernet.generate_key()\n"
                    + "print(key.decode())\n"
                    + "print(Fernet(key).encrypt('from python ✓'.encode('utf-8')).decode())\n",
                "")
            .split("\n");
    importFernet(alice, "frompy", keyAndToken[0]);
    assertThat(decrypt(alice, "frompy", Map.of("ciphertext", keyAndToken[1], "ttlSeconds", 600)))
        .isEqualTo("from python ✓");
  }

  /** Skips without Debian's python3-cryptography, except under CI=true where it must be there. */
  private static void requirePythonCryptography() throws Exception {
    String reason = null;
    if (!Files.isExecutable(PYTHON)) {
      reason = PYTHON + " is missing (apt-get install python3-cryptography)";
    } else {
      Process probe =
          new ProcessBuilder(PYTHON.toString(), "-c", "import cryptography.fernet")
              .redirectErrorStream(true)
              .start();
      if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) {
        reason = "Debian's python3-cryptography is missing (apt-get install python3-cryptography)";
      }
    }
    if (reason != null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true but " + reason);
      }
      Assumptions.abort(reason);
    }
  }

  private static String python(String script, String stdin)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(PYTHON.toString(), "-c", script)
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("python failed: %s", err).isZero();
    return out.strip();
  }

  private void createFernet(String user, String name, boolean exportable) {
    json(user)
        .body(Map.of("name", name, "type", "fernet", "exportable", exportable))
        .post("/api/v1/keys")
        .then()
        .statusCode(201)
        .body("type", equalTo("fernet"));
  }

  private void importFernet(String user, String name, String key) {
    json(user)
        .body(Map.of("name", name, "type", "fernet", "key", key))
        .post("/api/v1/keys/import")
        .then()
        .statusCode(201);
  }
}
