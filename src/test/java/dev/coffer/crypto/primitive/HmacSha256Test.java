package dev.coffer.crypto.primitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

  private static final HexFormat HEX = HexFormat.of();
  private static final String SUBKEY_OF_0_TO_31 =
      "dd0f5487fab197d90259171ec9f1f8079d6eef1f95e69a2a55eb4976172f0ea1";

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

  @Test
  void deriveSubkeyWhenSameMaterialThenKnownAnswer() {
    // Independently computed with Python's hmac module (RFC 5869 HKDF-SHA256, salt empty, info
    // "coffer hmac-sha256 subkey v1"): every stored HMAC depends on this value never changing.
    byte[] material =
        HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    assertThat(HEX.formatHex(HmacSha256.deriveSubkey(material))).isEqualTo(SUBKEY_OF_0_TO_31);
  }

  @Test
  void deriveSubkeyWhenMaterialDiffersThenSubkeyDiffersAndIsNotTheMaterial() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    b[0] = 1;

    assertThat(HmacSha256.deriveSubkey(a)).hasSize(32).isNotEqualTo(HmacSha256.deriveSubkey(b));
    assertThat(HmacSha256.deriveSubkey(a)).isNotEqualTo(a);
    assertThatThrownBy(() -> HmacSha256.deriveSubkey(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
