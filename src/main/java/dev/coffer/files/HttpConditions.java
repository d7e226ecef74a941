package dev.coffer.files;

import dev.coffer.files.storage.ByteRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP header grammar the files endpoints need (RFC 9110 ranges and entity tags, RFC 9530
 * digests, RFC 6266/8187 file names), as pure functions.
 */
final class HttpConditions {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern REPR_SHA256 =
      Pattern.compile("(?:^|,)\\s*sha-256\\s*=\\s*:([^:]*):");

  private HttpConditions() {}

  /** Thrown when a {@code Range} cannot be satisfied: the answer is 416. */
  static final class Unsatisfiable extends RuntimeException {
    Unsatisfiable() {
      super(null, null, false, false);
    }
  }

  /**
   * The single byte range a {@code Range} header asks for, or null to send the whole file (no
   * header, a syntax this server ignores, or several ranges).
   *
   * @throws Unsatisfiable when the range lies wholly beyond the end of the file
   */
  static @Nullable ByteRange range(@Nullable String header, long size) {
    if (header == null) {
      return null;
    }
    Matcher m = RANGE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return null;
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || size == 0) {
          throw new Unsatisfiable();
        }
        long length = Math.min(suffix, size);
        return new ByteRange(size - length, length);
      }
      long start = Long.parseLong(m.group(1));
      long end = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
      if (end < start) {
        return null;
      }
      if (start >= size) {
        throw new Unsatisfiable();
      }
      return new ByteRange(start, Math.min(end, size - 1) - start + 1);
    } catch (NumberFormatException e) {
      return null; // beyond a long: not a range we can serve, so ignore it
    }
  }

  /** The entity tags of an {@code If-Match}/{@code If-None-Match} list, quotes removed. */
  static List<String> entityTags(String header) {
    List<String> tags = new ArrayList<>();
    if (header == null) {
      return tags;
    }
    for (String part : header.split(",")) {
      String tag = part.trim();
      if (tag.isEmpty()) {
        continue;
      }
      boolean weak = tag.startsWith("W/");
      if (weak) {
        tag = tag.substring(2);
      }
      if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
        tag = tag.substring(1, tag.length() - 1);
      }
      tags.add(weak ? "W/" + tag : tag);
    }
    return tags;
  }

  /** Weak comparison, as {@code If-None-Match} uses. */
  static boolean noneMatchHits(String header, String etag) {
    for (String tag : entityTags(header)) {
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  /** Strong comparison of an {@code If-Range} entity tag. */
  static boolean strongMatch(String value, String etag) {
    List<String> tags = entityTags(value);
    return tags.size() == 1 && tags.get(0).equals(etag);
  }

  /**
   * The SHA-256 the client announced, in lower-case hex, from {@code Repr-Digest: sha-256=:…:}
   * and/or {@code X-Checksum-Sha256: <hex>}; null when neither is given.
   *
   * @throws IllegalArgumentException when a digest is malformed or the two disagree
   */
  static @Nullable String clientSha256(
      @Nullable String reprDigest, @Nullable String checksumHeader) {
    String fromRepr = null;
    if (reprDigest != null) {
      Matcher m = REPR_SHA256.matcher(reprDigest);
      if (m.find()) {
        byte[] raw;
        try {
          raw = Base64.getDecoder().decode(m.group(1).trim());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Repr-Digest: sha-256 is not valid base64.");
        }
        if (raw.length != 32) {
          throw new IllegalArgumentException("Repr-Digest: sha-256 must be 32 bytes.");
        }
        fromRepr = HexFormat.of().formatHex(raw);
      }
    }
    String fromHeader = null;
    if (checksumHeader != null) {
      if (!HEX_SHA256.matcher(checksumHeader.trim()).matches()) {
        throw new IllegalArgumentException("X-Checksum-Sha256 must be 64 hexadecimal digits.");
      }
      fromHeader = checksumHeader.trim().toLowerCase(Locale.ROOT);
    }
    if (fromRepr != null && fromHeader != null && !fromRepr.equals(fromHeader)) {
      throw new IllegalArgumentException("Repr-Digest and X-Checksum-Sha256 disagree.");
    }
    return fromRepr != null ? fromRepr : fromHeader;
  }

  /** {@code Repr-Digest} value for a hex SHA-256. */
  static String reprDigest(String sha256Hex) {
    return "sha-256=:"
        + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex))
        + ":";
  }

  /**
   * {@code attachment} with a plain-ASCII {@code filename} fallback and the exact name as an RFC
   * 8187 {@code filename*}.
   */
  static String attachment(String name) {
    StringBuilder ascii = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? c : '_');
    }
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        encoded.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
