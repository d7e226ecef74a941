package dev.coffer.crypto.primitive;

import static dev.coffer.crypto.primitive.ExternalTool.run;
import static dev.coffer.crypto.primitive.ExternalTool.runOk;
import static dev.coffer.crypto.primitive.StreamingAeadTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.crypto.primitive.Signatures.Algorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The primitives against the {@code openssl} command line (Debian package {@code openssl}). */
public class OpenSslInteropTest {

  public static final Path OPENSSL = Path.of("/usr/bin/openssl");
  private static final List<String> PSS =
      List.of(
          "-sigopt", "rsa_padding_mode:pss",
          "-sigopt", "rsa_pss_saltlen:32",
          "-sigopt", "rsa_mgf1_md:sha256");
  private static final List<String> OAEP =
      List.of(
          "-pkeyopt", "rsa_padding_mode:oaep",
          "-pkeyopt", "rsa_oaep_md:sha256",
          "-pkeyopt", "rsa_mgf1_md:sha256");

  @TempDir Path dir;

  @BeforeEach
  void requireOpenSsl() {
    ExternalTool.require(OPENSSL, "openssl");
  }

  static Stream<Arguments> keyTypes() {
    return Stream.of(
        Arguments.of(
            Algorithm.RSA_PSS_SHA256, (Supplier<KeyPair>) () -> Signatures.generateRsa(3072)),
        Arguments.of(Algorithm.ED25519, (Supplier<KeyPair>) Signatures::generateEd25519),
        Arguments.of(
            Algorithm.ECDSA_P256_SHA256, (Supplier<KeyPair>) Signatures::generateEcdsaP256));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyTypes")
  void opensslVerifyWhenSignedBySignaturesThenVerifiedAndTamperedMessageRefused(
      Algorithm algorithm, Supplier<KeyPair> generator) throws Exception {
    KeyPair keys = generator.get();
    byte[] message = "invoice 42: pay 100 EUR".getBytes(StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("pub.pem"), AsymmetricKeys.toPem(keys.getPublic()));
    Files.write(dir.resolve("msg"), message);
    Files.write(dir.resolve("sig"), Signatures.sign(keys.getPrivate(), message));
    Files.write(dir.resolve("other"), "invoice 42: pay 900 EUR".getBytes(StandardCharsets.UTF_8));

    assertThat(runOk(dir, verifyCommand(algorithm, "msg"))).contains("Verified");
    assertThat(run(dir, verifyCommand(algorithm, "other")).exitCode()).isNotZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyTypes")
  void verifyWhenSignedByOpensslWithTheExportedPrivateKeyThenTrue(
      Algorithm algorithm, Supplier<KeyPair> generator) throws Exception {
    KeyPair keys = generator.get();
    byte[] message = bytes(1000, 7);
    Files.writeString(dir.resolve("priv.pem"), AsymmetricKeys.toPem(keys.getPrivate()));
    Files.write(dir.resolve("msg"), message);

    runOk(dir, signCommand(algorithm));

    byte[] signature = Files.readAllBytes(dir.resolve("sig"));
    assertThat(Signatures.verify(keys.getPublic(), message, signature)).isTrue();
    assertThat(Signatures.verify(keys.getPublic(), bytes(1000, 8), signature)).isFalse();
  }

  @Test
  void unwrapKeyWhenOpensslEncryptedWithOaepSha256ThenSameKey() throws Exception {
    runOk(
        dir,
        "openssl",
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        "priv.pem");
    runOk(dir, "openssl", "pkey", "-in", "priv.pem", "-pubout", "-out", "pub.pem");
    byte[] dataKey = bytes(32, 9);
    Files.write(dir.resolve("key.bin"), dataKey);

    runOk(
        dir,
        concat(
            List.of("openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", "pub.pem"),
            OAEP,
            List.of("-in", "key.bin", "-out", "wrapped.bin")));

    PrivateKey imported =
        AsymmetricKeys.privateKeyFromPem(Files.readString(dir.resolve("priv.pem")));
    byte[] wrapped = Files.readAllBytes(dir.resolve("wrapped.bin"));
    assertThat(RsaOaepHybrid.unwrapKey(imported, wrapped)).isEqualTo(dataKey);
    assertThat(AsymmetricKeys.toPem(AsymmetricKeys.publicKeyOf(imported)))
        .isEqualTo(Files.readString(dir.resolve("pub.pem")));
  }

  @Test
  void opensslDecryptWhenKeyWrappedByRsaOaepHybridThenSameKey() throws Exception {
    KeyPair keys = RsaOaepHybrid.generateKeyPair(2048);
    byte[] dataKey = bytes(32, 10);
    Files.writeString(dir.resolve("priv.pem"), AsymmetricKeys.toPem(keys.getPrivate()));
    Files.write(dir.resolve("wrapped.bin"), RsaOaepHybrid.wrapKey(keys.getPublic(), dataKey));

    runOk(
        dir,
        concat(
            List.of("openssl", "pkeyutl", "-decrypt", "-inkey", "priv.pem"),
            OAEP,
            List.of("-in", "wrapped.bin", "-out", "key.bin")));

    assertThat(Files.readAllBytes(dir.resolve("key.bin"))).isEqualTo(dataKey);
  }

  /** openssl's verification of the signature file {@code sig} with {@code pub.pem}. */
  public static String[] verifyCommand(Algorithm algorithm, String messageFile) {
    return switch (algorithm) {
      case RSA_PSS_SHA256 ->
          concat(
              List.of("openssl", "dgst", "-sha256"),
              PSS,
              List.of("-verify", "pub.pem", "-signature", "sig", messageFile));
      case ECDSA_P256_SHA256 ->
          new String[] {
            "openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig", messageFile
          };
      case ED25519 ->
          new String[] {
            "openssl",
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "pub.pem",
            "-rawin",
            "-in",
            messageFile,
            "-sigfile",
            "sig"
          };
    };
  }

  private static String[] signCommand(Algorithm algorithm) {
    return switch (algorithm) {
      case RSA_PSS_SHA256 ->
          concat(
              List.of("openssl", "dgst", "-sha256", "-sign", "priv.pem"),
              PSS,
              List.of("-out", "sig", "msg"));
      case ECDSA_P256_SHA256 ->
          new String[] {"openssl", "dgst", "-sha256", "-sign", "priv.pem", "-out", "sig", "msg"};
      case ED25519 ->
          new String[] {
            "openssl",
            "pkeyutl",
            "-sign",
            "-inkey",
            "priv.pem",
            "-rawin",
            "-in",
            "msg",
            "-out",
            "sig"
          };
    };
  }

  @SafeVarargs
  private static String[] concat(List<String>... parts) {
    return Stream.of(parts).flatMap(List::stream).toArray(String[]::new);
  }
}
