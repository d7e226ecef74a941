package dev.coffer.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Why a request path was refused before any handler saw it, and the path to name in the answer.
 * Tomcat (NUL, backslash, broken escapes, invalid UTF-8) and Spring Security's firewall (encoded
 * dots, {@code ..} segments, {@code %25}, {@code ;}, line breaks, encoded slashes outside file
 * paths) each refuse with a bare status; both answers are explained from the raw request URI here,
 * with one fixed sentence per defect, so no part of a hostile path is ever copied into {@code
 * detail}.
 */
public final class RefusedPaths {

  /**
   * The prefixes whose rest of the URL is a file path: there an encoded slash ({@code %2F}, what
   * Swagger UI sends for {@code /} inside the {@code path} parameter) separates segments.
   */
  public static final List<String> FILE_PATH_PREFIXES =
      List.of("/api/v1/files/", "/api/v1/dirs/", "/api/v1/archive/");

  /** What the firewall says when the path shows none of the defects below. */
  public static final String GENERIC = "The request was refused by the HTTP firewall.";

  /**
   * The defects, most telling first: a path with several is named by the first. The sentences hold
   * no quote or backslash, so they go into hand-written JSON as they are.
   */
  enum Defect {
    NUL("The path contains a NUL character (%00)."),
    BACKSLASH("The path contains a backslash (raw or as %5C); separate folders with /."),
    TRAVERSAL("The path contains a '.' or '..' segment, plain or percent-encoded."),
    LINE_BREAK("The path contains a line break (%0A, %0D, U+2028 or U+2029)."),
    CONTROL("The path contains a control character."),
    BROKEN_ESCAPE("The path contains a '%' that does not start a two-digit escape such as %20."),
    ENCODED_PERCENT("The path contains an encoded percent sign (%25), which would decode twice."),
    INVALID_UTF8("The path's percent escapes are not valid UTF-8."),
    NON_ASCII("The path contains characters that must be percent-encoded (as UTF-8)."),
    SEMICOLON("The path contains a ';' or %3B; path parameters are not accepted."),
    EMPTY_SEGMENT("The path contains an empty segment (//)."),
    ENCODED_PERIOD("The path contains an encoded '.' (%2E); send dots unencoded."),
    ENCODED_SLASH(
        "An encoded slash (%2F) is accepted only in paths under /api/v1/files, /api/v1/dirs and"
            + " /api/v1/archive.");

    final String detail;

    Defect(String detail) {
      this.detail = detail;
    }
  }

  private RefusedPaths() {}

  /** Whether {@code %2F} separates segments in this raw request URI (context path removed). */
  public static boolean isFilePath(String rawPath) {
    for (String prefix : FILE_PATH_PREFIXES) {
      if (rawPath.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The sentence that names what is wrong with a raw (still percent-encoded) request path, or null
   * when it shows no known defect.
   */
  public static @Nullable String reason(String rawPath) {
    Set<Defect> found = defects(rawPath);
    return found.isEmpty() ? null : found.iterator().next().detail;
  }

  static Set<Defect> defects(String rawPath) {
    Set<Defect> found = EnumSet.noneOf(Defect.class);
    if (rawPath == null) {
      return found;
    }
    boolean filePath = isFilePath(rawPath);
    int start = 0;
    for (int i = 0; i <= rawPath.length(); i++) {
      boolean end = i == rawPath.length();
      boolean slash = !end && rawPath.charAt(i) == '/';
      boolean encodedSlash = !end && escapeAt(rawPath, i) == '/';
      if (encodedSlash && !filePath) {
        found.add(Defect.ENCODED_SLASH);
      }
      if (end || slash || encodedSlash) {
        segment(rawPath.substring(start, i), start > 0 && !end, found);
        start = encodedSlash ? i + 3 : i + 1;
        i = encodedSlash ? i + 2 : i;
      }
    }
    return found;
  }

  /** Checks one segment between separators; {@code inner}: not the first nor the last one. */
  private static void segment(String raw, boolean inner, Set<Defect> found) {
    if (raw.isEmpty()) {
      if (inner) {
        found.add(Defect.EMPTY_SEGMENT);
      }
      return;
    }
    byte[] bytes = new byte[raw.length() * 3];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int b = escapeAt(raw, i);
        if (b < 0) {
          found.add(Defect.BROKEN_ESCAPE);
          continue;
        }
        i += 2;
        switch (b) {
          case 0x00 -> found.add(Defect.NUL);
          case '\\' -> found.add(Defect.BACKSLASH);
          case '\n', '\r' -> found.add(Defect.LINE_BREAK);
          case '%' -> found.add(Defect.ENCODED_PERCENT);
          case '.' -> found.add(Defect.ENCODED_PERIOD);
          case ';' -> found.add(Defect.SEMICOLON);
          default -> {
            if (b < 0x20 || b == 0x7f) {
              found.add(Defect.CONTROL);
            }
          }
        }
        bytes[n++] = (byte) b;
      } else {
        if (c == '\\') {
          found.add(Defect.BACKSLASH);
        } else if (c == ';') {
          found.add(Defect.SEMICOLON);
        } else if (c < 0x20 || c == 0x7f) {
          found.add(c == '\n' || c == '\r' ? Defect.LINE_BREAK : Defect.CONTROL);
        } else if (c > 0x7e) {
          found.add(Defect.NON_ASCII);
        }
        // Tomcat hands over raw bytes as ISO-8859-1 characters, as StoragePath reads them.
        bytes[n++] = c <= 0xff ? (byte) c : (byte) '?';
      }
    }
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, n))
              .toString();
    } catch (CharacterCodingException e) {
      found.add(Defect.INVALID_UTF8);
      return;
    }
    if (decoded.equals(".") || decoded.equals("..")) {
      found.add(Defect.TRAVERSAL);
    }
    if (decoded.indexOf('\u2028') >= 0 || decoded.indexOf('\u2029') >= 0) {
      found.add(Defect.LINE_BREAK);
    }
  }

  /** The byte of the well-formed escape at {@code i}, or -1 when there is none. */
  private static int escapeAt(String s, int i) {
    if (s.charAt(i) != '%' || i + 2 >= s.length()) {
      return -1;
    }
    int hi = Character.digit(s.charAt(i + 1), 16);
    int lo = Character.digit(s.charAt(i + 2), 16);
    return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
  }

  /**
   * The request path as a problem's {@code instance}: the raw URI as the client sent it, with every
   * character that does not belong in a URI (a raw backslash, quote, control or non-ASCII byte, a
   * stray {@code %}) percent-encoded, so it is safe in JSON, in logs and as a URI reference.
   */
  public static String instance(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder(rawPath.length() + 16);
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '%' && escapeAt(rawPath, i) >= 0) {
        out.append(rawPath, i, i + 3);
        i += 2;
      } else if (uriCharacter(c)) {
        out.append(c);
      } else if (c <= 0xff) {
        // Tomcat hands over raw bytes as ISO-8859-1 characters: encode the byte itself.
        appendEscape(out, c);
      } else {
        int cp = rawPath.codePointAt(i);
        i += Character.charCount(cp) - 1;
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          appendEscape(out, b & 0xff);
        }
      }
    }
    return out.toString();
  }

  private static boolean uriCharacter(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
  }

  private static void appendEscape(StringBuilder out, int b) {
    out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)));
    out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
  }
}
