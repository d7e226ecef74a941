package dev.coffer.files.storage;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A validated path relative to an owner's home: zero or more segments, each a safe file name in
 * NFC. It is the only path type below the web layer, so once a value exists every backend can join
 * its segments without re-checking them. The empty path is the home itself.
 *
 * <p>A segment is refused when it is empty, {@code .} or {@code ..}; contains {@code /}, {@code \},
 * NUL, a control or bidirectional-override character, or a look-alike of a dot-dot or slash
 * (anything whose NFKC form is {@code .}/{@code ..} or holds a slash); starts with a combining
 * mark; contains {@code %} or {@code ;}; or is longer than {@value #MAX_SEGMENT_BYTES} UTF-8 bytes.
 * A path is at most {@value #MAX_DEPTH} segments and {@value #MAX_PATH_BYTES} bytes. Names are
 * normalised to NFC, so {@code café} typed in NFD and in NFC are the same file.
 *
 * <p>{@code %} and {@code ;} are refused because no {@code /files} URL could reach such a name: the
 * firewall rejects an encoded percent ({@code %25}) and any semicolon, and a servlet container
 * strips {@code ;…} as a path parameter. A name that decodes again is also a trap for the next
 * layer. The rule holds for every source of a name (URLs, JSON bodies, tus metadata, form file
 * names), so nothing can be created that cannot be fetched.
 */
public final class StoragePath implements Comparable<StoragePath> {

  public static final int MAX_SEGMENT_BYTES = 255;
  public static final int MAX_PATH_BYTES = 4096;
  public static final int MAX_DEPTH = 64;

  /** The owner's home. */
  public static final StoragePath ROOT = new StoragePath(List.of());

  private final List<String> segments;

  private StoragePath(List<String> segments) {
    this.segments = segments;
  }

  /**
   * Parses a {@code /}-separated path as typed by a user (JSON bodies, form fields), relative to
   * the home: a leading slash (an absolute path) is refused, a trailing one ignored; the empty
   * string is the home.
   *
   * @throws InvalidPathException when the path is absolute or any segment is unsafe
   */
  public static StoragePath parse(String path) {
    if (path == null) {
      throw new InvalidPathException("A path is required.");
    }
    if (path.startsWith("/")) {
      throw new InvalidPathException("The path must be relative to your home, not absolute.");
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (trimmed.isEmpty()) {
      return ROOT;
    }
    return of(List.of(trimmed.split("/", -1)));
  }

  /**
   * Parses the raw, still percent-encoded path of a URL (the part after the endpoint prefix). Both
   * {@code /} and an encoded slash ({@code %2F}, which Swagger UI and other clients that encode a
   * whole parameter send) separate segments; every other escape is decoded within its segment, so a
   * decoded segment can never hold a slash, and a {@code ..} between encoded slashes is a {@code
   * ..} segment, refused like any other. The bytes must be valid UTF-8. A trailing separator is
   * ignored.
   *
   * @throws InvalidPathException on bad escapes, invalid UTF-8 or any unsafe segment
   */
  public static StoragePath fromUrl(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return ROOT;
    }
    List<String> raw = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < rawPath.length(); i++) {
      if (rawPath.charAt(i) == '/') {
        raw.add(rawPath.substring(start, i));
        start = i + 1;
      } else if (isEncodedSlash(rawPath, i)) {
        raw.add(rawPath.substring(start, i));
        start = i + 3;
        i += 2;
      }
    }
    raw.add(rawPath.substring(start));
    if (raw.get(raw.size() - 1).isEmpty()) {
      raw.remove(raw.size() - 1); // the trailing separator
    }
    if (raw.size() == 1 && raw.get(0).isEmpty()) {
      return ROOT; // a separator alone is the home
    }
    List<String> decoded = new ArrayList<>(raw.size());
    for (String segment : raw) {
      if (segment.isEmpty()) {
        throw new InvalidPathException("The path must not contain empty segments.");
      }
      decoded.add(percentDecode(segment));
    }
    return of(decoded);
  }

  private static boolean isEncodedSlash(String raw, int i) {
    return raw.charAt(i) == '%'
        && i + 2 < raw.length()
        && raw.charAt(i + 1) == '2'
        && (raw.charAt(i + 2) == 'F' || raw.charAt(i + 2) == 'f');
  }

  /**
   * A path from segments that are each validated and NFC-normalised.
   *
   * @throws InvalidPathException when any segment is unsafe
   */
  public static StoragePath of(List<String> segments) {
    if (segments.size() > MAX_DEPTH) {
      throw new InvalidPathException("The path is nested too deeply.");
    }
    List<String> out = new ArrayList<>(segments.size());
    int bytes = 0;
    for (String segment : segments) {
      String name = validName(segment);
      bytes += name.getBytes(StandardCharsets.UTF_8).length + 1;
      out.add(name);
    }
    if (bytes > MAX_PATH_BYTES) {
      throw new InvalidPathException("The path is too long.");
    }
    return new StoragePath(Collections.unmodifiableList(out));
  }

  /** The segments, outermost first; empty for the home. */
  public List<String> segments() {
    return segments;
  }

  public boolean isRoot() {
    return segments.isEmpty();
  }

  /** The last segment, or the empty string for the home. */
  public String name() {
    return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
  }

  /** The containing folder; the home's parent is the home. */
  public StoragePath parent() {
    return segments.isEmpty() ? this : new StoragePath(segments.subList(0, segments.size() - 1));
  }

  /** This path with one more segment, validated like every other. */
  public StoragePath child(String name) {
    List<String> more = new ArrayList<>(segments);
    more.add(name);
    return of(more);
  }

  /** Whether {@code other} is this path or lies below it. */
  public boolean contains(StoragePath other) {
    return other.segments.size() >= segments.size()
        && other.segments.subList(0, segments.size()).equals(segments);
  }

  /** This path re-rooted: the part below {@code ancestor}, which must contain it. */
  public StoragePath relativeTo(StoragePath ancestor) {
    if (!ancestor.contains(this)) {
      throw new IllegalArgumentException("not below " + ancestor);
    }
    return new StoragePath(segments.subList(ancestor.segments.size(), segments.size()));
  }

  /** Segments joined with {@code /}, no leading slash; the empty string for the home. */
  @Override
  public String toString() {
    return String.join("/", segments);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoragePath other && segments.equals(other.segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }

  /** Segment by segment, each by code point order. */
  @Override
  public int compareTo(StoragePath o) {
    int n = Math.min(segments.size(), o.segments.size());
    for (int i = 0; i < n; i++) {
      int c = segments.get(i).compareTo(o.segments.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(segments.size(), o.segments.size());
  }

  private static String validName(String segment) {
    if (segment == null || segment.isEmpty()) {
      throw new InvalidPathException("The path must not contain empty segments.");
    }
    String name = Normalizer.normalize(segment, Normalizer.Form.NFC);
    if (name.equals(".") || name.equals("..")) {
      throw new InvalidPathException("The path must not contain '.' or '..' segments.");
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (cp == '/' || cp == '\\') {
        throw new InvalidPathException("A name must not contain a slash or backslash.");
      }
      if (cp == '%' || cp == ';') {
        throw new InvalidPathException(
            "A name must not contain '%' or ';' (URL syntax characters no file URL can reach).");
      }
      if (forbidden(cp)) {
        throw new InvalidPathException("A name must not contain control or invisible characters.");
      }
      i += Character.charCount(cp);
    }
    int first = name.codePointAt(0);
    int type = Character.getType(first);
    if (type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK) {
      throw new InvalidPathException("A name must not start with a combining mark.");
    }
    String compatible = Normalizer.normalize(name, Normalizer.Form.NFKC);
    if (compatible.equals(".")
        || compatible.equals("..")
        || compatible.indexOf('/') >= 0
        || compatible.indexOf('\\') >= 0
        || compatible.codePoints().anyMatch(StoragePath::slashLookAlike)) {
      throw new InvalidPathException("A name must not imitate '..' or a slash.");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
      throw new InvalidPathException(
          "A name must not be longer than " + MAX_SEGMENT_BYTES + " bytes.");
    }
    return name;
  }

  private static boolean forbidden(int cp) {
    if (Character.isISOControl(cp)) {
      return true; // C0, DEL and C1, NUL included
    }
    if (cp == 0x200C || cp == 0x200D) {
      return false; // joiners, used by emoji sequences and Indic scripts
    }
    int type = Character.getType(cp);
    return type == Character.FORMAT // bidi overrides, zero-width space, BOM, ...
        || type == Character.SURROGATE // a lone surrogate: not text
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || cp == 0xFFFD; // what a decoder makes of invalid bytes
  }

  private static boolean slashLookAlike(int cp) {
    return switch (cp) {
      case 0x2044, 0x2215, 0x2216, 0x29F5, 0x29F8, 0x29F9, 0xFE68, 0xFF0F, 0xFF3C, 0x1735 -> true;
      default -> false;
    };
  }

  private static String percentDecode(String raw) {
    byte[] out = new byte[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new InvalidPathException("The path has a broken percent escape.");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new InvalidPathException("The path has a broken percent escape.");
        }
        out[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        out[n++] = (byte) c;
      } else {
        // Servlet containers hand over raw non-ASCII bytes as ISO-8859-1 characters.
        if (c > 0xFF) {
          throw new InvalidPathException("The path must be percent-encoded UTF-8.");
        }
        out[n++] = (byte) c;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidPathException("The path is not valid UTF-8.");
    }
  }
}
