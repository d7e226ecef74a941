package dev.coffer.security;

import java.util.function.Predicate;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The firewall's rules for header names and values, as plain loops. Spring Security states them as
 * regular expressions ({@link StrictHttpFirewall#ALLOWED_HEADER_NAMES}: every character assigned
 * and none a control character; values may also hold tabs) and runs them on every header read,
 * which on a small download cost more than the authorization itself. Same rules, no matcher.
 */
final class HeaderCharacters {

  /** Allowed header names: assigned characters, no control characters. */
  static final Predicate<String> NAMES = s -> allowed(s, false);

  /** Allowed header values: the same, plus horizontal tabs. */
  static final Predicate<String> VALUES = s -> allowed(s, true);

  private HeaderCharacters() {}

  static StrictHttpFirewall firewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHeaderNames(NAMES);
    firewall.setAllowedHeaderValues(VALUES);
    return firewall;
  }

  private static boolean allowed(String s, boolean tab) {
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (c >= 0x20 && c < 0x7f) {
        continue;
      }
      if (tab && c == '\t') {
        continue;
      }
      if (Character.isISOControl(c) || Character.getType(c) == Character.UNASSIGNED) {
        return false;
      }
    }
    return true;
  }
}
