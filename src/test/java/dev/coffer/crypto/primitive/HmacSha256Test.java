package dev.coffer.crypto.primitive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void macWhenRfc4231Case2ThenKnownTag() {
    byte[] tag =
        HmacSha256.mac(
            "Jefe".getBytes(StandardCharsets.US_ASCII),
            "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
    assertThat(HEX.formatHex(tag))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void verifyWhenTagChangedOrTruncatedThenFalse() {
    byte[] key = new byte[32];
    byte[] message = "input".getBytes(StandardCharsets.UTF_8);
    byte[] tag = HmacSha256.mac(key, message);

    assertThat(HmacSha256.verify(key, message, tag)).isTrue();
    byte[] flipped = tag.clone();
    flipped[31] ^= 1;
    assertThat(HmacSha256.verify(key, message, flipped)).isFalse();
    assertThat(HmacSha256.verify(key, message, Arrays.copyOf(tag, 16))).isFalse();
    assertThat(HmacSha256.verify(key, message, new byte[0])).isFalse();
    assertThat(HmacSha256.verify(key, message, null)).isFalse();
    assertThat(HmacSha256.verify(key, "other".getBytes(StandardCharsets.UTF_8), tag)).isFalse();
  }
}
