package dev.coffer.crypto;

import static dev.coffer.crypto.StreamEndToEndTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.coffer.crypto.primitive.ExternalTool;
import dev.coffer.crypto.primitive.OpenSslInteropTest;
import dev.coffer.crypto.primitive.Signatures.Algorithm;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.bouncycastle.crypto.signers.Ed25519phSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * sign-stream and verify-stream over HTTP: a body far beyond the JSON limit, sent from a file and
 * never held in memory, signed at constant memory and checked by outside implementations (openssl
 * for RSA-PSS and ECDSA; Bouncy Castle's Ed25519ph for ed25519, which Debian's openssl 3.0 cannot
 * check).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigningStreamEndToEndTest extends CryptoEndToEndTest {

  private static final long BIG = 64L * 1024 * 1024;
  private static final String OCTETS = "application/octet-stream";
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dir;
  private Path big;

  @BeforeAll
  void bigFile(@TempDir Path shared) throws IOException {
    big = shared.resolve("big.bin");
    writeRandom(big, BIG, 1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"rsa-2048, RSA_PSS_SHA256", "ecdsa-p256, ECDSA_P256_SHA256"})
  void signStreamWhen64MiBFileThenOpensslVerifiesWithThePublishedKey(
      String type, Algorithm algorithm) throws Exception {
    ExternalTool.require(OpenSslInteropTest.OPENSSL, "openssl");
    String alice = newUser("alice");
    String publicKey = createKeyWithPublicKey(alice, type);

    JsonPath signed = signStream(alice, big);

    assertThat(signed.getInt("keyVersion")).isEqualTo(1);
    Files.writeString(dir.resolve("pub.pem"), publicKey);
    Files.write(dir.resolve("sig"), rawSignature(signed.getString("signature")));
    assertThat(
            ExternalTool.runOk(
                dir, OpenSslInteropTest.verifyCommand(algorithm, big.toAbsolutePath().toString())))
        .contains("Verified");
    Path other = dir.resolve("other.bin");
    writeRandom(other, 1024 * 1024, 2);
    assertThat(
            ExternalTool.run(
                    dir,
                    OpenSslInteropTest.verifyCommand(algorithm, other.toAbsolutePath().toString()))
                .exitCode())
        .isNotZero();
    assertThat(verifyStream(alice, big, signed.getString("signature"))).isTrue();
  }

  @Test
  void signStreamWhenEd25519ThenEd25519phThatBouncyCastleVerifies() throws Exception {
    String alice = newUser("alice");
    String publicKey = createKeyWithPublicKey(alice, "ed25519");

    String signature = signStream(alice, big).getString("signature");

    Ed25519phSigner verifier = new Ed25519phSigner(new byte[0]);
    try (PemReader pem = new PemReader(new java.io.StringReader(publicKey))) {
      verifier.init(false, PublicKeyFactory.createKey(pem.readPemObject().getContent()));
    }
    try (InputStream in = Files.newInputStream(big)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) != -1; ) {
        verifier.update(buffer, 0, n);
      }
    }
    assertThat(verifier.verifySignature(rawSignature(signature))).isTrue();
    assertThat(verifyStream(alice, big, signature)).isTrue();
    // a pure Ed25519 signature from sign is a different scheme: verify-stream says no
    Path small = dir.resolve("small.bin");
    Files.write(small, bytes(1000, 3));
    String pure =
        json(alice)
            .body(Map.of("input", b64(Files.readAllBytes(small))))
            .post("/api/v1/keys/k/sign")
            .then()
            .statusCode(200)
            .extract()
            .path("signature");
    assertThat(verifyStream(alice, small, pure)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"rsa-2048", "ecdsa-p256", "ed25519"})
  void verifyStreamWhenBodyOrSignatureChangedThenFalse(String type) throws Exception {
    String alice = newUser("alice");
    createKey(alice, "k", type);
    byte[] message = bytes(300_000, 5);
    String signature = signStreamBytes(alice, message);
    byte[] changed = message.clone();
    changed[250_000] ^= 1;

    assertThat(verifyStreamBytes(alice, message, signature)).isTrue();
    assertThat(verifyStreamBytes(alice, changed, signature)).isFalse();
    String otherSignature = signStreamBytes(alice, changed);
    assertThat(verifyStreamBytes(alice, message, otherSignature)).isFalse();
  }

  @Test
  void signWhenEcdsaThenSignAndSignStreamSignaturesVerifyEachOther() {
    String alice = newUser("alice");
    createKey(alice, "k", "ecdsa-p256");
    byte[] message = bytes(5000, 6);
    String fromSign =
        json(alice)
            .body(Map.of("input", b64(message)))
            .post("/api/v1/keys/k/sign")
            .then()
            .statusCode(200)
            .extract()
            .path("signature");
    String fromStream = signStreamBytes(alice, message);

    assertThat(verifyStreamBytes(alice, message, fromSign)).isTrue();
    assertThat(
            json(alice)
                .body(Map.of("input", b64(message), "signature", fromStream))
                .post("/api/v1/keys/k/verify")
                .then()
                .statusCode(200)
                .extract()
                .<Boolean>path("valid"))
        .isTrue();
  }

  @Test
  void signStreamWhenRotatedAndKeyVersionGivenThenThatVersion() {
    String alice = newUser("alice");
    createKey(alice, "k", "ed25519");
    json(alice).post("/api/v1/keys/k/rotate").then().statusCode(200);
    byte[] message = bytes(100, 7);

    String latest = signStreamBytes(alice, message);
    String first =
        as(alice)
            .contentType(OCTETS)
            .queryParam("keyVersion", 1)
            .body(message)
            .post("/api/v1/keys/k/sign-stream")
            .then()
            .statusCode(200)
            .body("keyVersion", equalTo(1))
            .extract()
            .path("signature");

    assertThat(latest).startsWith("coffer:v2:");
    assertThat(first).startsWith("coffer:v1:");
    assertThat(verifyStreamBytes(alice, message, first)).isTrue();
  }

  @Test
  void streamSigningWhenRequestIsWrongThenClearProblem() {
    String alice = newUser("alice");
    createKey(alice, "aes", "aes256-gcm");
    createKey(alice, "k", "ecdsa-p256");
    for (String op : new String[] {"sign-stream", "verify-stream"}) {
      as(alice)
          .contentType(OCTETS)
          .header("Coffer-Signature", "coffer:v1:AAAA")
          .body(new byte[10])
          .post("/api/v1/keys/aes/" + op)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("code", equalTo("operation-not-supported"));
    }
    as(alice)
        .contentType(OCTETS)
        .body(new byte[10])
        .post("/api/v1/keys/k/verify-stream")
        .then()
        .statusCode(400)
        .body("detail", startsWith("Coffer-Signature: is required"));
    as(alice)
        .contentType(OCTETS)
        .header("Coffer-Signature", "not a signature")
        .body(new byte[10])
        .post("/api/v1/keys/k/verify-stream")
        .then()
        .statusCode(400)
        .body("detail", startsWith("Coffer-Signature: must be coffer:v<N>:<base64>"));
    as(alice)
        .contentType(OCTETS)
        .header("Coffer-Signature", "coffer:v9:AAAA")
        .body(new byte[10])
        .post("/api/v1/keys/k/verify-stream")
        .then()
        .statusCode(400)
        .body("detail", startsWith("Coffer-Signature: key 'k' has no version 9"));
    as(alice)
        .contentType(OCTETS)
        .queryParam("keyVersion", 5)
        .body(new byte[10])
        .post("/api/v1/keys/k/sign-stream")
        .then()
        .statusCode(400)
        .body("detail", startsWith("keyVersion:"));
    as(alice)
        .contentType("text/plain")
        .body("hello")
        .post("/api/v1/keys/k/sign-stream")
        .then()
        .statusCode(415);
    as(newUser("bob"))
        .contentType(OCTETS)
        .body(new byte[10])
        .post("/api/v1/keys/k/sign-stream")
        .then()
        .statusCode(404);
  }

  @Test
  void signWhenJsonBodyOverTheLimitThen413NamingTheLimitAndTheStreamEndpoint() {
    String alice = newUser("alice");
    createKey(alice, "k", "ed25519");
    String body = "{\"input\":\"" + b64(bytes(800_000, 8)) + "\"}";

    json(alice)
        .body(body)
        .post("/api/v1/keys/k/sign")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("code", equalTo("payload-too-large"))
        .body("detail", containsString("1048576 bytes"))
        .body("detail", containsString("coffer.http.max-json-size"))
        .body("detail", containsString("sign-stream"));
    json(alice)
        .body("{\"text\":\"" + "a".repeat(1_100_000) + "\"}")
        .post("/api/v1/keys/k/encrypt")
        .then()
        .statusCode(413)
        .body("detail", containsString("encrypt-stream"));
  }

  private String createKeyWithPublicKey(String user, String type) {
    return json(user)
        .body(Map.of("name", "k", "type", type))
        .post("/api/v1/keys")
        .then()
        .statusCode(201)
        .extract()
        .path("publicKey");
  }

  /** POSTs the file as the raw body, streamed from disk by the JDK's client. */
  private HttpResponse<String> postFile(
      String user, String path, Path file, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", basic(user))
            .header("Content-Type", OCTETS)
            .POST(HttpRequest.BodyPublishers.ofFile(file));
    headers.forEach(request::header);
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonPath signStream(String user, Path file) throws Exception {
    HttpResponse<String> response = postFile(user, "/api/v1/keys/k/sign-stream", file, Map.of());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonPath(response.body());
  }

  private boolean verifyStream(String user, Path file, String signature) throws Exception {
    HttpResponse<String> response =
        postFile(user, "/api/v1/keys/k/verify-stream", file, Map.of("Coffer-Signature", signature));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonPath(response.body()).getBoolean("valid");
  }

  private String signStreamBytes(String user, byte[] message) {
    return as(user)
        .contentType(OCTETS)
        .body(message)
        .post("/api/v1/keys/k/sign-stream")
        .then()
        .statusCode(200)
        .extract()
        .path("signature");
  }

  private boolean verifyStreamBytes(String user, byte[] message, String signature) {
    return as(user)
        .contentType(OCTETS)
        .header("Coffer-Signature", signature)
        .body(message)
        .post("/api/v1/keys/k/verify-stream")
        .then()
        .statusCode(200)
        .extract()
        .path("valid");
  }

  private static String basic(String user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + passwordOf(user)).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] rawSignature(String signature) {
    return Base64.getDecoder().decode(signature.substring(signature.lastIndexOf(':') + 1));
  }

  /** Writes {@code size} seeded random bytes a MiB at a time: the file is never in memory. */
  private static void writeRandom(Path file, long size, long seed) throws IOException {
    Random random = new Random(seed);
    byte[] block = new byte[1024 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
  }
}
