package dev.coffer.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.storage.ByteRange;
import org.junit.jupiter.api.Test;

class HttpConditionsTest {

  @Test
  void rangeWhenSingleThenResolvedAgainstSize() {
    assertThat(HttpConditions.range("bytes=0-9", 100)).isEqualTo(new ByteRange(0, 10));
    assertThat(HttpConditions.range("bytes=90-200", 100)).isEqualTo(new ByteRange(90, 10));
    assertThat(HttpConditions.range("bytes=95-", 100)).isEqualTo(new ByteRange(95, 5));
    assertThat(HttpConditions.range("bytes=-10", 100)).isEqualTo(new ByteRange(90, 10));
    assertThat(HttpConditions.range("bytes=-1000", 100)).isEqualTo(new ByteRange(0, 100));
  }

  @Test
  void rangeWhenIgnorableThenWholeFile() {
    assertThat(HttpConditions.range(null, 100)).isNull();
    assertThat(HttpConditions.range("bytes=0-1,5-6", 100)).isNull();
    assertThat(HttpConditions.range("items=0-1", 100)).isNull();
    assertThat(HttpConditions.range("bytes=9-1", 100)).isNull();
    assertThat(HttpConditions.range("bytes=-", 100)).isNull();
    assertThat(HttpConditions.range("bytes=99999999999999999999-", 100)).isNull();
  }

  @Test
  void rangeWhenBeyondEndThenUnsatisfiable() {
    assertThatThrownBy(() -> HttpConditions.range("bytes=100-", 100))
        .isInstanceOf(HttpConditions.Unsatisfiable.class);
    assertThatThrownBy(() -> HttpConditions.range("bytes=100-200", 100))
        .isInstanceOf(HttpConditions.Unsatisfiable.class);
    assertThatThrownBy(() -> HttpConditions.range("bytes=-0", 100))
        .isInstanceOf(HttpConditions.Unsatisfiable.class);
    assertThatThrownBy(() -> HttpConditions.range("bytes=0-", 0))
        .isInstanceOf(HttpConditions.Unsatisfiable.class);
  }

  @Test
  void entityTagsWhenListedThenWeakAndStrongCompared() {
    assertThat(HttpConditions.noneMatchHits("\"a\", W/\"b\"", "b")).isTrue();
    assertThat(HttpConditions.noneMatchHits("*", "x")).isTrue();
    assertThat(HttpConditions.noneMatchHits("\"a\"", "b")).isFalse();
    assertThat(HttpConditions.strongMatch("\"b\"", "b")).isTrue();
    assertThat(HttpConditions.strongMatch("W/\"b\"", "b")).isFalse();
  }

  @Test
  void clientSha256FromEitherHeaderAndDisagreementRefused() {
    String hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    String b64 = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";
    assertThat(HttpConditions.clientSha256("sha-512=:AA==:, sha-256=:" + b64 + ":", null))
        .isEqualTo(hex);
    assertThat(HttpConditions.clientSha256(null, hex.toUpperCase())).isEqualTo(hex);
    assertThat(HttpConditions.clientSha256(null, null)).isNull();
    assertThat(HttpConditions.reprDigest(hex)).isEqualTo("sha-256=:" + b64 + ":");
    assertThatThrownBy(() -> HttpConditions.clientSha256("sha-256=:" + b64 + ":", "0".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpConditions.clientSha256("sha-256=:AAAA:", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void attachmentWhenNonAsciiThenRfc8187NameAndAsciiFallback() {
    assertThat(HttpConditions.attachment("Résumé \"1\".pdf"))
        .isEqualTo(
            "attachment; filename=\"R_sum_ _1_.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%221%22.pdf");
  }
}
