package dev.coffer.files.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoragePathTest {

  @Test
  void fromUrlWhenEncodedUtf8ThenDecodedPerSegmentAndNfc() {
    StoragePath path = StoragePath.fromUrl("docs/cafe%CC%81%20menu/%F0%9F%98%80.txt");
    assertThat(path.segments()).containsExactly("docs", "caf\u00e9 menu", "\uD83D\uDE00.txt");
    assertThat(path.toString()).isEqualTo("docs/caf\u00e9 menu/\uD83D\uDE00.txt");
    assertThat(StoragePath.fromUrl("")).isEqualTo(StoragePath.ROOT);
    assertThat(StoragePath.fromUrl("a/")).isEqualTo(StoragePath.parse("a"));
  }

  @Test
  void fromUrlWhenEncodedSlashThenSeparatesSegmentsLikeSlash() {
    StoragePath expected = StoragePath.parse("docs/sub/report.pdf");
    assertThat(StoragePath.fromUrl("docs%2Fsub%2freport.pdf")).isEqualTo(expected);
    assertThat(StoragePath.fromUrl("docs/sub%2Freport.pdf")).isEqualTo(expected);
    assertThat(StoragePath.fromUrl("docs%2F")).isEqualTo(StoragePath.parse("docs"));
    assertThat(StoragePath.fromUrl("%2F")).isEqualTo(StoragePath.ROOT);
    assertThat(StoragePath.fromUrl("caf%C3%A9%2F%F0%9F%98%80.txt").segments())
        .containsExactly("caf\u00e9", "\uD83D\uDE00.txt");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        "a/../b",
        "a//b",
        "%2e%2e",
        "a%2f..%2fb",
        "%2E%2E%2Fb",
        "a%2F%2Fb",
        "%2Fa",
        "a/%2F",
        "a%2F.",
        "a%252Fb",
        "a%5cb",
        "%2",
        "%ff",
        "%c0%ae",
        "a%00",
        "%e2%80%ae",
        "%e2%80%a5",
        "%ef%bc%8f",
        "%cc%81",
        "%252e",
        "100%25done.txt",
        "a%3Bb"
      })
  void fromUrlWhenHostileThenRefused(String raw) {
    assertThatThrownBy(() -> StoragePath.fromUrl(raw)).isInstanceOf(InvalidPathException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/etc/passwd",
        "a\\b",
        "a/./b",
        "\u0000",
        "x\u001f",
        "x\u2028",
        "100%;done.txt",
        "100% done.txt",
        "a;b",
        "dir;v=1/x"
      })
  void parseWhenHostileThenRefused(String text) {
    assertThatThrownBy(() -> StoragePath.parse(text)).isInstanceOf(InvalidPathException.class);
  }

  @Test
  void namesUpTo255BytesAndJoinersAreFine() {
    assertThat(StoragePath.parse("a".repeat(255)).name()).hasSize(255);
    assertThatThrownBy(() -> StoragePath.parse("a".repeat(256)))
        .isInstanceOf(InvalidPathException.class);
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
    assertThat(StoragePath.parse(family + ".jpg").name()).startsWith(family);
    assertThat(StoragePath.parse("...").name()).isEqualTo("...");
  }

  @Test
  void relationsBetweenPaths() {
    StoragePath a = StoragePath.parse("a/b");
    assertThat(a.parent()).isEqualTo(StoragePath.parse("a"));
    assertThat(StoragePath.ROOT.contains(a)).isTrue();
    assertThat(a.contains(StoragePath.parse("a/b/c"))).isTrue();
    assertThat(a.contains(StoragePath.parse("a/bc"))).isFalse();
    assertThat(StoragePath.parse("a/b/c").relativeTo(a)).isEqualTo(StoragePath.parse("c"));
  }
}
