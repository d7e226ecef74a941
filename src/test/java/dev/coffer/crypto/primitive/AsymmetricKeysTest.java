package dev.coffer.crypto.primitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AsymmetricKeysTest {

  static Stream<Arguments> keyTypes() {
    return Stream.of(
        Arguments.of("rsa", (Supplier<KeyPair>) () -> RsaOaepHybrid.generateKeyPair(2048)),
        Arguments.of("ed25519", (Supplier<KeyPair>) Signatures::generateEd25519),
        Arguments.of("ecdsa-p256", (Supplier<KeyPair>) Signatures::generateEcdsaP256));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyTypes")
  void pemWhenEncodedThenDecodesToTheSameKeys(String type, Supplier<KeyPair> generator) {
    KeyPair keys = generator.get();
    String publicPem = AsymmetricKeys.toPem(keys.getPublic());
    String privatePem = AsymmetricKeys.toPem(keys.getPrivate());

    assertThat(publicPem)
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("-----END PUBLIC KEY-----\n");
    assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(publicPem.lines().skip(1).map(String::length)).allMatch(length -> length <= 64);
    assertThat(AsymmetricKeys.publicKeyFromPem(publicPem).getEncoded())
        .isEqualTo(keys.getPublic().getEncoded());
    PrivateKey decoded = AsymmetricKeys.privateKeyFromPem(privatePem);
    assertThat(decoded.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    assertThat(AsymmetricKeys.publicKeyOf(decoded).getEncoded())
        .isEqualTo(keys.getPublic().getEncoded());
  }

  @Test
  void privateKeyFromPemWhenSec1EcKeyFromOpenSslThenAcceptedWithItsPublicKey() {
    // openssl ecparam -name prime256v1 -genkey -noout; openssl ec -pubout (a throwaway test key)
    String sec1 =
        """
        -----BEGIN EC PRIVATE KEY-----
        MHcCAQEEILPrR3ND64yeGguKbGWJ/6FXX2wWolmexcCpK0tWzhuPoAoGCCqGSM49
        AwEHoUQDQgAEN2BapbSV72AM7KOOe4jaULkZtV7x6e6uVv4z1gYr7PTFT/sk874L
        FlJ6ZQ6doNS68G7Rfr/0qkbDT3qqA1PosQ==
        -----END EC PRIVATE KEY-----
        """;
    String publicPem =
        """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEN2BapbSV72AM7KOOe4jaULkZtV7x
        6e6uVv4z1gYr7PTFT/sk874LFlJ6ZQ6doNS68G7Rfr/0qkbDT3qqA1PosQ==
        -----END PUBLIC KEY-----
        """;

    PrivateKey key = AsymmetricKeys.privateKeyFromPem(sec1);

    assertThat(AsymmetricKeys.toPem(AsymmetricKeys.publicKeyOf(key))).isEqualTo(publicPem);
    assertThat(Signatures.Algorithm.of(key)).isEqualTo(Signatures.Algorithm.ECDSA_P256_SHA256);
  }

  @Test
  void privateKeyFromPemWhenRsaThenPkcs1FormIsReadToo() throws Exception {
    KeyPair keys = RsaOaepHybrid.generateKeyPair(2048);
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(keys.getPrivate());
    }
    assertThat(pem.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(AsymmetricKeys.privateKeyFromPem(pem.toString()).getEncoded())
        .isEqualTo(keys.getPrivate().getEncoded());
  }

  @Test
  void fromPemWhenInputIsNotASupportedKeyThenClearRefusal() throws Exception {
    KeyPair keys = Signatures.generateEd25519();
    String publicPem = AsymmetricKeys.toPem(keys.getPublic());
    String privatePem = AsymmetricKeys.toPem(keys.getPrivate());

    assertThatThrownBy(() -> AsymmetricKeys.publicKeyFromPem("hello"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no PEM block found");
    assertThatThrownBy(() -> AsymmetricKeys.publicKeyFromPem(privatePem))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AsymmetricKeys.privateKeyFromPem(publicPem))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AsymmetricKeys.publicKeyFromPem(publicPem + publicPem))
        .hasMessage("expected exactly one PEM block");
    assertThatThrownBy(
            () ->
                AsymmetricKeys.publicKeyFromPem(
                    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
        .isInstanceOf(IllegalArgumentException.class);

    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = generator.generateKeyPair();
    assertThatThrownBy(
            () -> AsymmetricKeys.publicKeyFromPem(AsymmetricKeys.toPem(p384.getPublic())))
        .hasMessage("EC keys must be on the named curve P-256");
    assertThatThrownBy(
            () -> AsymmetricKeys.privateKeyFromPem(AsymmetricKeys.toPem(p384.getPrivate())))
        .hasMessage("EC keys must be on the named curve P-256");

    KeyPair dsa = KeyPairGenerator.getInstance("DSA").generateKeyPair();
    assertThatThrownBy(
            () -> AsymmetricKeys.privateKeyFromPem(AsymmetricKeys.toPem(dsa.getPrivate())))
        .hasMessageStartingWith("unsupported key algorithm");
  }
}
