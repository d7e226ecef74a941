package dev.coffer.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.files.storage.ByteRange;
import dev.coffer.support.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.ContentDisposition;

/** The files endpoints' header parsers on hostile values: documented answers only. */
class HttpConditionsFuzzTest {

  private static final List<String> RANGE_TOKENS =
      List.of(
          "bytes=",
          "bytes",
          "=",
          "-",
          ",",
          " ",
          "0",
          "1",
          "9",
          "00",
          "99999999999999999999",
          "9223372036854775807",
          "9223372036854775808",
          "\u0661",
          "items=",
          "\t");

  private static final List<String> TAG_TOKENS =
      List.of("\"", "W/", "*", ",", " ", "abc", "5-1a-2b", "\"\"", "W/\"x\"", "\\");

  private static final List<String> DIGEST_TOKENS =
      List.of(
          "sha-256",
          "sha-512",
          "=",
          ":",
          ",",
          " ",
          ";",
          "q=1",
          "LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=",
          "AAAA",
          "====",
          "\u00e9");

  record RangeCase(String header, long size) {}

  @Test
  void rangeWhenAnyHeaderThenNoneOrASliceInsideTheFileOrUnsatisfiable() {
    Fuzz.forAll(
        f ->
            new RangeCase(
                f.chance(10) ? f.text(40) : f.tokens(8, RANGE_TOKENS),
                f.chance(50) ? f.between(0L, 64L) : f.between(0L, Long.MAX_VALUE)),
        c -> {
          ByteRange range;
          try {
            range = HttpConditions.range(c.header(), c.size());
          } catch (HttpConditions.Unsatisfiable e) {
            return;
          }
          if (range != null) {
            assertThat(range.length()).isPositive();
            assertThat(range.start()).isNotNegative();
            assertThat(range.end()).isLessThan(c.size());
          }
        });
  }

  @Test
  void entityTagConditionsWhenAnyHeaderThenAnsweredWithoutError() {
    Fuzz.forAll(
        f -> f.chance(10) ? f.text(40) : f.tokens(10, TAG_TOKENS),
        header -> {
          HttpConditions.ifMatchHolds(header, "5-1a-2b");
          HttpConditions.ifRangeHolds(header, -1, "5-1a-2b", 0);
        });
  }

  @Test
  void clientSha256WhenAnyDigestHeadersThenHexOrNullOrIllegalArgument() {
    Fuzz.forAll(
        f ->
            List.of(
                f.chance(10) ? f.text(60) : f.tokens(8, DIGEST_TOKENS),
                f.chance(70) ? "" : f.text("0123456789abcdefABCDEFg ", 66)),
        headers -> {
          String checksum = headers.get(1).isEmpty() ? null : headers.get(1);
          String hex;
          try {
            hex = HttpConditions.clientSha256(headers.get(0), checksum);
          } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
          }
          if (hex != null) {
            assertThat(hex).matches("[0-9a-f]{64}");
          }
        });
  }

  @Test
  void reprDigestWhenWrittenThenReadBackAsTheSameDigest() {
    Fuzz.forAll(
        f -> HexFormat.of().formatHex(f.oneOf(new byte[32], randomDigest(f))),
        hex ->
            assertThat(HttpConditions.clientSha256(HttpConditions.reprDigest(hex), hex))
                .isEqualTo(hex));
  }

  @Test
  void attachmentWhenAnyNameThenOneSafeHeaderValue() {
    Fuzz.forAll(
        f -> f.text(80),
        name -> {
          String header = HttpConditions.attachment(name);
          assertThat(header.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
          if (StandardCharsets.UTF_8.newEncoder().canEncode(name)) {
            // A lone surrogate has no UTF-8 form (and no StoragePath holds one).
            assertThat(ContentDisposition.parse(header).getFilename()).isEqualTo(name);
          }
        });
  }

  private static byte[] randomDigest(Fuzz f) {
    byte[] digest = new byte[32];
    for (int i = 0; i < digest.length; i++) {
      digest[i] = (byte) f.between(0, 255);
    }
    return digest;
  }
}
