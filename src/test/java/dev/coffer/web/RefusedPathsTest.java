package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.web.RefusedPaths.Defect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RefusedPathsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "/api/v1/files/a%00b | NUL",
        "/api/v1/files/a%5Cb | BACKSLASH",
        "/api/v1/files/a\\b | BACKSLASH",
        "/api/v1/files/.. | TRAVERSAL",
        "/api/v1/files/%2e%2E/x | TRAVERSAL",
        "/api/v1/files/a%2F..%2Fb | TRAVERSAL",
        "/api/v1/files/a/. | TRAVERSAL",
        "/api/v1/files/x%2e | ENCODED_PERIOD",
        "/api/v1/files/a%0Db | LINE_BREAK",
        "/api/v1/files/a%E2%80%A9b | LINE_BREAK",
        "/api/v1/files/a%01b | CONTROL",
        "/api/v1/files/%2 | BROKEN_ESCAPE",
        "/api/v1/files/%25 | ENCODED_PERCENT",
        "/api/v1/files/%C0%AE | INVALID_UTF8",
        "/api/v1/files/caf\u00e9 | INVALID_UTF8",
        "/api/v1/files/a;v=1 | SEMICOLON",
        "/api/v1/files/a%3bb | SEMICOLON",
        "/api/v1/files/a//b | EMPTY_SEGMENT",
        "/api/v1/files/a%2F%2Fb | EMPTY_SEGMENT",
        "/api/v1/me%2Fpassword | ENCODED_SLASH",
        "/api/v1/keys/a%2fb | ENCODED_SLASH"
      })
  void reasonWhenPathHasADefectThenItsSentence(String path, Defect defect) {
    assertThat(RefusedPaths.reason(path)).isEqualTo(defect.detail);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/files/docs%2Freport.pdf",
        "/api/v1/dirs/a%2fb/",
        "/api/v1/files/caf%C3%A9%20menu.txt",
        "/api/v1/me",
        "/"
      })
  void reasonWhenPathIsCleanThenNone(String path) {
    assertThat(RefusedPaths.reason(path)).isNull();
  }

  @Test
  void reasonWhenSeveralDefectsThenTheMostTellingFirst() {
    assertThat(RefusedPaths.reason("/api/v1/me%2F..%2F%00")).isEqualTo(Defect.NUL.detail);
    assertThat(RefusedPaths.reason("/x/%2e%2e/a;b")).isEqualTo(Defect.TRAVERSAL.detail);
  }

  @Test
  void instanceWhenUnsafeCharactersThenPercentEncodedAndEscapesKept() {
    assertThat(RefusedPaths.instance("/api/v1/files/a%2Fb%00")).isEqualTo("/api/v1/files/a%2Fb%00");
    assertThat(RefusedPaths.instance("/a\\b\"c<d> e")).isEqualTo("/a%5Cb%22c%3Cd%3E%20e");
    assertThat(RefusedPaths.instance("/caf\u00e9\u0001%zz%")).isEqualTo("/caf%E9%01%25zz%25");
    assertThat(RefusedPaths.instance("/\u20ac\uD83D\uDE00")).isEqualTo("/%E2%82%AC%F0%9F%98%80");
    assertThat(RefusedPaths.instance("")).isEqualTo("/");
  }

  @Test
  void detailsWhenWrittenIntoJsonByHandThenNeedNoEscaping() {
    for (Defect defect : Defect.values()) {
      assertThat(defect.detail).doesNotContain("\"").doesNotContain("\\");
    }
  }
}
