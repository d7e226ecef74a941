package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrefixFilteringHandlerMappingTest {

  @ParameterizedTest
  @CsvSource({
    "/api/v1/files/**, /api/v1/files",
    "/api/v1/keys/{name}/encrypt-stream, /api/v1/keys",
    "/api/v1/keys/{name}, /api/v1/keys",
    "/api/v1/me, /api/v1/me",
    "/api/v1/dirs/, /api/v1/dirs",
    "/api/v1/fi*s, /api/v1",
    "/a?c, ''",
    "/{name}, ''",
    "/**, ''",
    "/, ''",
    "'', ''"
  })
  void literalPrefixWhenPatternThenTheWholeSegmentsBeforeAnyWildcard(
      String pattern, String prefix) {
    assertThat(PrefixFilteringHandlerMapping.literalPrefix(pattern)).isEqualTo(prefix);
  }
}
