package dev.coffer.crypto.primitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof vectors at the primitive level: every valid case passes, every invalid case is
 * rejected. The files used hold no "acceptable" case ({@link Wycheproof.Case#valid()} fails on one,
 * so a newer file forces a decision per flag).
 */
class WycheproofVectorsTest {

  static Stream<Arguments> rsaOaep() {
    return Stream.concat(
        Wycheproof.cases("rsa_oaep_2048_sha256_mgf1sha256_test.json"),
        Wycheproof.cases("rsa_oaep_4096_sha256_mgf1sha256_test.json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rsaOaep")
  void rsaOaepDecryptMatchesVector(Wycheproof.Case c) throws Exception {
    PrivateKey key = AsymmetricKeys.privateKeyFromDer(c.groupHex("privateKeyPkcs8"));
    if (c.valid()) {
      assertThat(RsaOaepHybrid.oaepDecrypt(key, c.hex("ct"), c.hex("label")))
          .isEqualTo(c.hex("msg"));
    } else {
      assertThatThrownBy(() -> RsaOaepHybrid.oaepDecrypt(key, c.hex("ct"), c.hex("label")))
          .isInstanceOf(PrimitiveDecryptionException.class);
    }
  }

  static Stream<Arguments> signatures() {
    return Stream.of(
            "rsa_pss_2048_sha256_mgf1_32_test.json",
            "ed25519_test.json",
            "ecdsa_secp256r1_sha256_test.json")
        .flatMap(Wycheproof::cases);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signatures")
  void signatureVerifyMatchesVector(Wycheproof.Case c) {
    PublicKey key = AsymmetricKeys.publicKeyFromDer(c.groupHex("publicKeyDer"));
    assertThat(Signatures.verify(key, c.hex("msg"), c.hex("sig"))).as("%s", c).isEqualTo(c.valid());
  }

  static Stream<Arguments> hmac() {
    return Wycheproof.cases("hmac_sha256_test.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hmac")
  void hmacMatchesVector(Wycheproof.Case c) {
    int tagBytes = c.group().get("tagSize").asInt() / 8;
    byte[] key = c.hex("key");
    byte[] msg = c.hex("msg");
    byte[] tag = c.hex("tag");
    byte[] computed = java.util.Arrays.copyOf(HmacSha256.mac(key, msg), tagBytes);
    assertThat(java.security.MessageDigest.isEqual(computed, tag)).isEqualTo(c.valid());
    if (tagBytes == HmacSha256.TAG_BYTES) {
      assertThat(HmacSha256.verify(key, msg, tag)).isEqualTo(c.valid());
    } else {
      // Truncated tags are never accepted by verify, even correct ones.
      assertThat(HmacSha256.verify(key, msg, tag)).isFalse();
    }
  }
}
