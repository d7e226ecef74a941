package dev.coffer.crypto.primitive;

import static dev.coffer.crypto.primitive.StreamingAeadTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.crypto.primitive.Signatures.Algorithm;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.crypto.signers.Ed25519phSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignaturesTest {

  private static final byte[] MESSAGE = "pay bob 10".getBytes(StandardCharsets.UTF_8);

  static Stream<Arguments> keyTypes() {
    return Stream.of(
        Arguments.of(
            Algorithm.RSA_PSS_SHA256, (Supplier<KeyPair>) () -> Signatures.generateRsa(2048)),
        Arguments.of(Algorithm.ED25519, (Supplier<KeyPair>) Signatures::generateEd25519),
        Arguments.of(
            Algorithm.ECDSA_P256_SHA256, (Supplier<KeyPair>) Signatures::generateEcdsaP256));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyTypes")
  void verifyWhenSignedWithTheKeyThenTrueAndOtherwiseFalse(
      Algorithm algorithm, Supplier<KeyPair> generator) {
    KeyPair keys = generator.get();
    KeyPair other = generator.get();
    byte[] signature = Signatures.sign(keys.getPrivate(), MESSAGE);

    assertThat(Algorithm.of(keys.getPrivate())).isEqualTo(algorithm);
    assertThat(Algorithm.of(keys.getPublic())).isEqualTo(algorithm);
    assertThat(Signatures.verify(keys.getPublic(), MESSAGE, signature)).isTrue();
    assertThat(Signatures.verify(keys.getPublic(), "pay bob 11".getBytes(), signature)).isFalse();
    assertThat(Signatures.verify(other.getPublic(), MESSAGE, signature)).isFalse();
    byte[] flipped = signature.clone();
    flipped[signature.length / 2] ^= 4;
    assertThat(Signatures.verify(keys.getPublic(), MESSAGE, flipped)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyTypes")
  void verifyWhenSignatureMalformedThenFalseNeverThrows(
      Algorithm algorithm, Supplier<KeyPair> generator) {
    KeyPair keys = generator.get();
    byte[] signature = Signatures.sign(keys.getPrivate(), MESSAGE);

    for (byte[] bad :
        new byte[][] {
          new byte[0],
          new byte[1],
          bytes(signature.length, 1),
          Arrays.copyOf(signature, signature.length - 1),
          Arrays.copyOf(signature, signature.length + 1),
          bytes(2000, 2)
        }) {
      assertThat(Signatures.verify(keys.getPublic(), MESSAGE, bad)).isFalse();
    }
  }

  @Test
  void verifyWhenEcdsaSignatureIsBerNotDerThenFalse() {
    KeyPair keys = Signatures.generateEcdsaP256();
    byte[] der = Signatures.sign(keys.getPrivate(), MESSAGE);
    // Same SEQUENCE with its length in long form (0x81 nn): valid BER, not DER.
    byte[] ber = new byte[der.length + 1];
    ber[0] = 0x30;
    ber[1] = (byte) 0x81;
    ber[2] = der[1];
    System.arraycopy(der, 2, ber, 3, der.length - 2);

    assertThat(Signatures.isStrictDerEcdsa(der)).isTrue();
    assertThat(Signatures.verify(keys.getPublic(), MESSAGE, ber)).isFalse();
  }

  @Test
  void signWhenEd25519ThenDeterministicAndKnownForRfc8032Key() {
    // RFC 8032 section 7.1, TEST 1: empty message.
    String seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    String expected =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    java.security.PrivateKey key =
        AsymmetricKeys.privateKeyFromDer(
            HexFormat.of().parseHex("302e020100300506032b657004220420" + seed));

    assertThat(HexFormat.of().formatHex(Signatures.sign(key, new byte[0]))).isEqualTo(expected);
    assertThat(
            Signatures.verify(
                AsymmetricKeys.publicKeyOf(key), new byte[0], HexFormat.of().parseHex(expected)))
        .isTrue();
  }

  @Test
  void algorithmOfWhenCurveIsNotP256ThenRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = generator.generateKeyPair();

    assertThatThrownBy(() -> Algorithm.of(p384.getPublic()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Signatures.sign(p384.getPrivate(), MESSAGE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signStreamWhenEd25519ThenEd25519phKnownForRfc8032Vector() throws Exception {
    // RFC 8032 section 7.3, TEST abc: Ed25519ph, empty context.
    String seed = "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42";
    String expected =
        "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41"
            + "31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406";
    java.security.PrivateKey key =
        AsymmetricKeys.privateKeyFromDer(
            HexFormat.of().parseHex("302e020100300506032b657004220420" + seed));
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);

    byte[] signature = Signatures.signStream(key, new ByteArrayInputStream(abc));

    assertThat(HexFormat.of().formatHex(signature)).isEqualTo(expected);
    java.security.PublicKey publicKey = AsymmetricKeys.publicKeyOf(key);
    assertThat(Signatures.verifyStream(publicKey, new ByteArrayInputStream(abc), signature))
        .isTrue();
    // Ed25519ph is not pure Ed25519: the two never verify each other's signatures.
    assertThat(Signatures.verify(publicKey, abc, signature)).isFalse();
    assertThat(
            Signatures.verifyStream(
                publicKey, new ByteArrayInputStream(abc), Signatures.sign(key, abc)))
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyTypes")
  void verifyStreamWhenSignedAsAStreamThenTrueAndOtherwiseFalse(
      Algorithm algorithm, Supplier<KeyPair> generator) throws Exception {
    KeyPair keys = generator.get();
    byte[] message = bytes(300_000, 3);
    byte[] signature = Signatures.signStream(keys.getPrivate(), new ByteArrayInputStream(message));
    byte[] other = message.clone();
    other[200_000] ^= 1;

    assertThat(
            Signatures.verifyStream(keys.getPublic(), new ByteArrayInputStream(message), signature))
        .isTrue();
    assertThat(
            Signatures.verifyStream(keys.getPublic(), new ByteArrayInputStream(other), signature))
        .isFalse();
    assertThat(
            Signatures.verifyStream(
                keys.getPublic(), new ByteArrayInputStream(message), new byte[] {1, 2, 3}))
        .isFalse();
    boolean sameAsMessageSignature = algorithm != Algorithm.ED25519;
    assertThat(Signatures.verify(keys.getPublic(), message, signature))
        .isEqualTo(sameAsMessageSignature);
    assertThat(
            Signatures.verifyStream(
                keys.getPublic(),
                new ByteArrayInputStream(message),
                Signatures.sign(keys.getPrivate(), message)))
        .isEqualTo(sameAsMessageSignature);
  }

  @Test
  void signStreamWhenEd25519ThenBouncyCastleEd25519phVerifies() throws Exception {
    KeyPair keys = Signatures.generateEd25519();
    byte[] message = bytes(200_000, 4);
    byte[] signature = Signatures.signStream(keys.getPrivate(), new ByteArrayInputStream(message));

    Ed25519phSigner verifier = new Ed25519phSigner(new byte[0]);
    verifier.init(false, PublicKeyFactory.createKey(keys.getPublic().getEncoded()));
    verifier.update(message, 0, message.length);
    assertThat(verifier.verifySignature(signature)).isTrue();
  }
}
