package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.coffer.support.Fuzz;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code coffer:v<N>:<base64>} format on hostile strings. */
class CiphertextsFuzzTest {

  private static final List<String> TOKENS =
      List.of(
          "coffer:v",
          "coffer:",
          "v",
          ":",
          "1",
          "0",
          "999999999",
          "2147483648",
          "-",
          "AAAA",
          "=",
          "+/",
          "-_",
          " ",
          "\u0661",
          "\n");

  @Test
  void tryParseWhenAnyStringThenParsedOrEmpty() {
    Fuzz.forAll(
        f -> f.chance(15) ? f.text(60) : f.tokens(8, TOKENS),
        text ->
            Ciphertexts.tryParse(text)
                .ifPresent(
                    parsed -> {
                      assertThat(parsed.version()).isNotNegative();
                      assertThat(text).startsWith("coffer:v" + parsed.version() + ":");
                    }));
  }

  @Test
  void parseWhenNotACiphertextThenTheOpaqueDecryptionFailure() {
    Fuzz.forAll(
        f -> f.chance(15) ? f.text(60) : f.tokens(8, TOKENS),
        text -> {
          if (Ciphertexts.tryParse(text).isEmpty()) {
            Throwable thrown = catchThrowable(() -> Ciphertexts.parse(text));
            assertThat(thrown).isInstanceOf(CryptoProblem.class);
            assertThat(((CryptoProblem) thrown).code()).isEqualTo("decryption-failed");
          }
        });
  }

  @Test
  void formatWhenAnyVersionAndBytesThenParsedBackExactly() {
    Fuzz.forAll(
        f -> new Ciphertexts.Parsed(f.between(1, 999_999_999), f.bytes(100)),
        original -> {
          Ciphertexts.Parsed parsed =
              Ciphertexts.parse(Ciphertexts.format(original.version(), original.sealed()));
          assertThat(parsed.version()).isEqualTo(original.version());
          assertThat(parsed.sealed()).isEqualTo(original.sealed());
        });
  }
}
