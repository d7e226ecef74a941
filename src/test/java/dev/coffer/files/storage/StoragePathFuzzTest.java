package dev.coffer.files.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.Fuzz;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriUtils;

/** StoragePath's parsers on hostile text: a safe path or an InvalidPathException, nothing else. */
class StoragePathFuzzTest {

  private static final List<String> PATH_TOKENS =
      List.of(
          "/", ".", "..", "%", ";", "\\", "\u0000", "\u202e", "\u0301", "\u2215", "\uff0f",
          "\u2024", "e\u0301", "%2e", "%2F", "\ud800", "\ufffd", "\u200d", "a", "b", "\u00e9", " ");

  private static final List<String> URL_TOKENS =
      List.of(
          "/",
          ";",
          "%",
          "%2",
          "%2f",
          "%2F",
          "%25",
          "%3b",
          "%00",
          "%2e",
          "%c3%a9",
          "%c0%ae",
          "%ff",
          "%e2%80%ae",
          "%ed%a0%80",
          "%f0%9f%98%80",
          ".",
          "..",
          "a",
          "\u00e9",
          "\u00ff",
          "\u0100");

  @Test
  void parseWhenAnyTextThenSafePathThatRoundTripsOrInvalidPath() {
    Fuzz.forAll(
        f -> f.chance(20) ? f.text(300) : f.tokens(16, PATH_TOKENS),
        text -> {
          StoragePath path = parsedOrNull(() -> StoragePath.parse(text));
          if (path != null) {
            assertSafe(path);
            assertThat(StoragePath.parse(path.toString())).isEqualTo(path);
          }
        });
  }

  @Test
  void fromUrlWhenAnyRawPathThenSafePathOrInvalidPath() {
    Fuzz.forAll(
        f -> f.tokens(20, URL_TOKENS),
        raw -> {
          StoragePath path = parsedOrNull(() -> StoragePath.fromUrl(raw));
          if (path != null) {
            assertSafe(path);
          }
        });
  }

  @Test
  void nameWhenCreatableThenReachableByItsEncodedUrl() {
    Fuzz.forAll(
        f -> f.tokens(12, PATH_TOKENS),
        text -> {
          StoragePath path = parsedOrNull(() -> StoragePath.parse(text));
          if (path != null) {
            // the URL a client builds from the name, as FilesController builds Location
            assertThat(StoragePath.fromUrl(encode(path))).isEqualTo(path);
          }
        });
  }

  private static void assertSafe(StoragePath path) {
    int bytes = 0;
    for (String name : path.segments()) {
      assertThat(name).isNotEmpty().isNotIn(".", "..").doesNotContain("/", "\\", "%", ";");
      assertThat(Normalizer.isNormalized(name, Normalizer.Form.NFC)).isTrue();
      assertThat(name.codePoints().noneMatch(Character::isISOControl)).isTrue();
      int length = name.getBytes(StandardCharsets.UTF_8).length;
      assertThat(length).isLessThanOrEqualTo(StoragePath.MAX_SEGMENT_BYTES);
      bytes += length + 1;
    }
    assertThat(bytes).isLessThanOrEqualTo(StoragePath.MAX_PATH_BYTES);
    assertThat(path.segments()).hasSizeLessThanOrEqualTo(StoragePath.MAX_DEPTH);
  }

  private static String encode(StoragePath path) {
    List<String> parts = new ArrayList<>();
    for (String segment : path.segments()) {
      parts.add(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8));
    }
    return String.join("/", parts);
  }

  /** Null when refused as documented; any other exception fails the property. */
  private static StoragePath parsedOrNull(Supplier<StoragePath> parser) {
    try {
      return parser.get();
    } catch (InvalidPathException e) {
      assertThat(e.getMessage()).isNotBlank();
      return null;
    }
  }
}
