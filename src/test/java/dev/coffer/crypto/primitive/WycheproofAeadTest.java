package dev.coffer.crypto.primitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every Wycheproof AES-GCM and ChaCha20-Poly1305 vector. Vectors with our parameters (256-bit key,
 * 96-bit nonce, 128-bit tag) must decrypt exactly when valid, encrypt to the expected bytes, and
 * fail when invalid; vectors with other key or nonce sizes must be refused outright, since these
 * primitives support only the one parameter set.
 */
class WycheproofAeadTest {

  static Stream<Arguments> aesGcm() {
    return vectors("aes_gcm_test.json", AesGcmAead::new);
  }

  static Stream<Arguments> chaCha20Poly1305() {
    return vectors("chacha20_poly1305_test.json", ChaCha20Poly1305Aead::new);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"aesGcm", "chaCha20Poly1305"})
  void vectorWhenRunThenMatchesExpectedResult(Vector v) throws GeneralSecurityException {
    if (v.key.length != JdkAead.KEY_LENGTH) {
      assertThatThrownBy(() -> v.factory.apply(SecretBytes.copyOf(v.key)))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    JdkAead aead = v.factory.apply(SecretBytes.copyOf(v.key));
    byte[] sealed = concat(v.iv, v.ct, v.tag);
    if (v.iv.length != JdkAead.NONCE_LENGTH) {
      assertThatThrownBy(() -> aead.encrypt(v.iv, v.msg, v.aad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> aead.decrypt(sealed, v.aad))
          .isInstanceOf(GeneralSecurityException.class);
      return;
    }
    if (v.valid) {
      assertThat(aead.decrypt(sealed, v.aad)).isEqualTo(v.msg);
      assertThat(aead.encrypt(v.iv, v.msg, v.aad)).isEqualTo(sealed);
    } else {
      assertThatThrownBy(() -> aead.decrypt(sealed, v.aad))
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  private static Stream<Arguments> vectors(
      String file, Function<SecretBytes, ? extends JdkAead> factory) {
    JsonNode root = Vectors.load("wycheproof/" + file);
    List<Arguments> out = new ArrayList<>();
    for (JsonNode group : root.get("testGroups")) {
      for (JsonNode test : group.get("tests")) {
        Vector v =
            new Vector(
                factory,
                Vectors.hex(test.get("key")),
                Vectors.hex(test.get("iv")),
                Vectors.hex(test.get("aad")),
                Vectors.hex(test.get("msg")),
                Vectors.hex(test.get("ct")),
                Vectors.hex(test.get("tag")),
                !"invalid".equals(test.get("result").asString()));
        out.add(
            Arguments.of(
                Named.of(
                    root.get("algorithm").asString()
                        + " #"
                        + test.get("tcId").asInt()
                        + " "
                        + test.get("comment").asString(),
                    v)));
      }
    }
    assertThat(out).hasSize(root.get("numberOfTests").asInt());
    return out.stream();
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  record Vector(
      Function<SecretBytes, ? extends JdkAead> factory,
      byte[] key,
      byte[] iv,
      byte[] aad,
      byte[] msg,
      byte[] ct,
      byte[] tag,
      boolean valid) {}
}
