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
  void ifMatchWhenListedThenStrongComparisonOrWildcard() {
    assertThat(HttpConditions.ifMatchHolds("\"a\", \"b\"", "b")).isTrue();
    assertThat(HttpConditions.ifMatchHolds("*", "x")).isTrue();
    assertThat(HttpConditions.ifMatchHolds("W/\"b\"", "b")).isFalse();
    assertThat(HttpConditions.ifMatchHolds("\"a\"", "b")).isFalse();
  }

  @Test
  void ifRangeWhenTagThenStrongMatchElseExactDate() {
    assertThat(HttpConditions.ifRangeHolds("\"b\"", -1, "b", 1000)).isTrue();
    assertThat(HttpConditions.ifRangeHolds("W/\"b\"", -1, "b", 1000)).isFalse();
    assertThat(HttpConditions.ifRangeHolds("\"a\", \"b\"", -1, "b", 1000)).isFalse();
    assertThat(HttpConditions.ifRangeHolds("Thu, 01 Jan 1970 00:00:01 GMT", 1000, "b", 1000))
        .isTrue();
    assertThat(HttpConditions.ifRangeHolds("Thu, 01 Jan 1970 00:00:02 GMT", 2000, "b", 1000))
        .isFalse();
    assertThat(HttpConditions.ifRangeHolds("not a date", -1, "b", 1000)).isFalse();
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
            "attachment; filename=\"Resume \\\"1\\\".pdf\";"
                + " filename*=UTF-8''R%C3%A9sum%C3%A9%20%221%22.pdf");
    assertThat(HttpConditions.attachment("日本.txt"))
        .isEqualTo("attachment; filename=\"__.txt\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt");
  }
}
