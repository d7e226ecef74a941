package dev.coffer.crypto.primitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.support.Fuzz;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fernet token parsing on hostile tokens: plaintext for genuine ones, one failure for the rest. */
class FernetFuzzTest {

  private static final Fernet FERNET = new Fernet(SecretBytes.random(Fernet.KEY_LENGTH));

  private static final List<String> TOKENS =
      List.of("gAAAAA", "AAAA", "=", "==", "-", "_", "+", "/", " ", "\u00e9", "\n", "gA");

  @Test
  void decryptWhenAnyStringThenOnlyTheOpaqueFailure() {
    Fuzz.forAll(
        f ->
            switch (f.between(0, 2)) {
              case 0 -> f.text(120);
              case 1 -> f.tokens(20, TOKENS);
              default -> Base64.getUrlEncoder().encodeToString(f.bytes(200));
            },
        token ->
            assertThatThrownBy(() -> FERNET.decrypt(token, null))
                .isExactlyInstanceOf(GeneralSecurityException.class)
                .hasMessage("decryption failed"));
  }

  @Test
  void decryptWhenOneByteOfAGenuineTokenChangedThenFails() {
    Fuzz.forAll(
        f -> {
          byte[] token = Base64.getUrlDecoder().decode(FERNET.encrypt(f.bytes(64)));
          token[f.between(0, token.length - 1)] ^= (byte) f.between(1, 255);
          return Base64.getUrlEncoder().encodeToString(token);
        },
        token ->
            assertThatThrownBy(() -> FERNET.decrypt(token, Duration.ofDays(1)))
                .isInstanceOf(GeneralSecurityException.class));
  }

  @Test
  void decryptWhenGenuineTokenThenGivesThePlaintext() {
    Fuzz.forAll(
        f -> f.bytes(300),
        plaintext ->
            assertThat(FERNET.decrypt(FERNET.encrypt(plaintext), null).plaintext())
                .isEqualTo(plaintext));
  }
}
