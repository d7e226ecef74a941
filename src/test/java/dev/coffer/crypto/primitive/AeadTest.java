package dev.coffer.crypto.primitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AeadTest {

  static Stream<Named<Function<SecretBytes, Aead>>> aeads() {
    return Stream.of(
        Named.of("AES-256-GCM", AesGcmAead::new),
        Named.of("ChaCha20-Poly1305", ChaCha20Poly1305Aead::new));
  }

  @ParameterizedTest
  @MethodSource("aeads")
  void ciphertextWhenDecryptedWithSameAssociatedDataThenRoundTrips(
      Function<SecretBytes, Aead> factory) throws GeneralSecurityException {
    Aead aead = factory.apply(SecretBytes.random(32));
    byte[] plaintext = "attack at dawn".getBytes(StandardCharsets.UTF_8);
    byte[] aad = "context".getBytes(StandardCharsets.UTF_8);
    byte[] first = aead.encrypt(plaintext, aad);
    byte[] second = aead.encrypt(plaintext, aad);
    assertThat(first).hasSize(12 + plaintext.length + 16).isNotEqualTo(second);
    assertThat(aead.decrypt(first, aad)).isEqualTo(plaintext);
    assertThat(aead.decrypt(aead.encrypt(new byte[0], new byte[0]), new byte[0])).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("aeads")
  void ciphertextWhenTamperedOrTruncatedOrWrongContextThenFails(
      Function<SecretBytes, Aead> factory) {
    Aead aead = factory.apply(SecretBytes.random(32));
    byte[] aad = {1};
    byte[] sealed = aead.encrypt(new byte[] {1, 2, 3}, aad);
    byte[] flipped = sealed.clone();
    flipped[14] ^= 1;
    assertThatThrownBy(() -> aead.decrypt(flipped, aad))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> aead.decrypt(java.util.Arrays.copyOf(sealed, 27), aad))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> aead.decrypt(new byte[3], aad))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> aead.decrypt(sealed, new byte[] {2}))
        .isInstanceOf(GeneralSecurityException.class);
    Aead other = factory.apply(SecretBytes.random(32));
    assertThatThrownBy(() -> other.decrypt(sealed, aad))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @ParameterizedTest
  @MethodSource("aeads")
  void keyWhenNot32BytesThenRefused(Function<SecretBytes, Aead> factory) {
    assertThatThrownBy(() -> factory.apply(SecretBytes.random(16)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
