package dev.coffer.crypto.primitive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretBytesTest {

  @Test
  void secretWhenPrintedThenShowsNoContent() {
    byte[] raw = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    SecretBytes secret = SecretBytes.copyOf(raw);
    assertThat(secret.toString())
        .doesNotContain("00112233", "0011", Base64.getEncoder().encodeToString(raw).substring(0, 8))
        .contains("16 bytes");
  }

  @Test
  void secretWhenCopiedThenIsolatedFromCallerArrays() {
    byte[] raw = {1, 2, 3};
    SecretBytes secret = SecretBytes.copyOf(raw);
    raw[0] = 9;
    byte[] out = secret.toByteArray();
    out[1] = 9;
    assertThat(secret.toByteArray()).containsExactly(1, 2, 3);
  }

  @Test
  void secretsWhenComparedThenEqualOnlyForSameContent() {
    SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2, 3});
    assertThat(a.equalsSecret(SecretBytes.copyOf(new byte[] {1, 2, 3}))).isTrue();
    assertThat(a.equalsSecret(SecretBytes.copyOf(new byte[] {1, 2, 4}))).isFalse();
    assertThat(a.equalsSecret(SecretBytes.copyOf(new byte[] {1, 2}))).isFalse();
    assertThat(SecretBytes.random(32).equalsSecret(SecretBytes.random(32))).isFalse();
  }
}
