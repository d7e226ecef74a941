package dev.coffer.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.web.firewall.StrictHttpFirewall;

class HeaderCharactersTest {

  @Test
  void namesAndValuesWhenAnyCodePointThenSameVerdictAsSpringSecurityRules() {
    List<Integer> differ = new ArrayList<>();
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      String s = "a" + new String(Character.toChars(c)) + "b";
      if (HeaderCharacters.NAMES.test(s) != StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(s)
          || HeaderCharacters.VALUES.test(s) != StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(s)) {
        differ.add(c);
      }
    }
    assertThat(differ).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bearer coffer_abc", "x\ty", "é ü 日本", "\uD83D\uDE00", "\uD800"})
  void valuesWhenPrintableOrTabThenSameVerdictAsSpringSecurity(String value) {
    assertThat(HeaderCharacters.VALUES.test(value))
        .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "a\rb", "\u0000", "a\u007fb", "\u0085", "\u0378"})
  void valuesWhenControlOrUnassignedThenRefused(String value) {
    assertThat(HeaderCharacters.VALUES.test(value)).isFalse();
    assertThat(HeaderCharacters.NAMES.test(value)).isFalse();
  }

  @Test
  void namesWhenTabThenRefusedButValuesAllowIt() {
    assertThat(HeaderCharacters.NAMES.test("a\tb")).isFalse();
    assertThat(HeaderCharacters.VALUES.test("a\tb")).isTrue();
  }
}
