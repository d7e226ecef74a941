package dev.coffer.files.tus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.Refusal;
import dev.coffer.support.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The tus request headers on hostile values: a parsed value or the documented refusal. */
class TusHeadersFuzzTest {

  private static final List<String> METADATA_TOKENS =
      List.of(
          "path",
          "filename",
          " ",
          ",",
          "  ",
          "cGF0aA==",
          "cGF0aA",
          "=",
          "====",
          "/+",
          "\u00e9",
          "\t",
          "\u0000",
          "gA==",
          "a b c");

  private static final List<String> CHECKSUM_TOKENS =
      List.of(
          "sha1",
          "SHA256",
          "md5",
          " ",
          "  ",
          "\t",
          "2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
          "AAAA",
          "=",
          "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");

  private static final List<String> NUMBER_TOKENS =
      List.of(
          "0",
          "1",
          "9",
          "-",
          "+",
          " ",
          "\t",
          "999999999999999999",
          "9223372036854775807",
          "18446744073709551616",
          "1e3",
          "0x10",
          "\u0661",
          ",");

  @Test
  void metadataWhenAnyHeaderThenValuesOrIllegalArgument() {
    Fuzz.forAll(
        f -> f.chance(15) ? f.text(60) : f.tokens(10, METADATA_TOKENS),
        header -> {
          UploadMetadata metadata;
          try {
            metadata = UploadMetadata.parse(header);
          } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
          }
          assertThat(metadata.values()).doesNotContainKey("").doesNotContainValue(null);
        });
  }

  @Test
  void metadataWhenWrittenByAClientThenReadBackExactly() {
    Fuzz.forAll(
        f -> {
          Map<String, String> values = new LinkedHashMap<>();
          int n = f.between(1, 5);
          for (int i = 0; i < n; i++) {
            String key = f.text("abcdefghijklmnopqrstuvwxyz-_.ABC019!~", 12);
            values.put(key.isEmpty() ? "k" : key, validText(f));
          }
          return values;
        },
        values -> {
          String header =
              values.entrySet().stream()
                  .map(
                      e ->
                          e.getValue().isEmpty()
                              ? e.getKey()
                              : e.getKey()
                                  + " "
                                  + Base64.getEncoder()
                                      .encodeToString(
                                          e.getValue().getBytes(StandardCharsets.UTF_8)))
                  .collect(Collectors.joining(","));
          assertThat(UploadMetadata.parse(header).values()).isEqualTo(values);
        });
  }

  @Test
  void checksumWhenAnyHeaderThenChecksumOrIllegalArgument() {
    Fuzz.forAll(
        f -> f.chance(15) ? f.text(60) : f.tokens(6, CHECKSUM_TOKENS),
        header -> {
          UploadChecksum checksum;
          try {
            checksum = UploadChecksum.parse(header);
          } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
          }
          assertThat(checksum.expected()).hasSize(checksum.newDigest().getDigestLength());
        });
  }

  @Test
  void lengthOrOffsetWhenAnyHeaderThenNonNegativeNumberOr400() {
    Fuzz.forAll(
        f -> f.chance(15) ? f.text(25) : f.tokens(4, NUMBER_TOKENS),
        value -> {
          long number;
          try {
            number = TusController.number(Tus.UPLOAD_OFFSET, value);
          } catch (TusRefusal e) {
            assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID);
            return;
          }
          assertThat(number).isNotNegative();
          assertThat(Long.toString(number)).isEqualTo(value.trim().replaceFirst("^0+(?=.)", ""));
        });
  }

  @Test
  void lengthOrOffsetWhenWrittenAsDecimalThenReadBack() {
    Fuzz.forAll(
        f -> f.between(0L, 999_999_999_999_999_999L),
        n -> assertThat(TusController.number(Tus.UPLOAD_LENGTH, Long.toString(n))).isEqualTo(n));
  }

  /** Well-formed UTF-16 (no lone surrogates), as a client's metadata value would be. */
  private static String validText(Fuzz f) {
    StringBuilder out = new StringBuilder();
    int n = f.between(0, 20);
    while (out.length() < n) {
      int cp = f.codePoint();
      if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }
}
