package dev.coffer.files;

import dev.coffer.files.storage.ByteRange;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.ETag;
import org.springframework.http.HttpRange;

/**
 * What the files endpoints need of the HTTP header grammar beyond what Spring evaluates itself
 * ({@code If-None-Match} and {@code If-Modified-Since} go to {@code
 * ServletWebRequest.checkNotModified}). Parsing is Spring's ({@link HttpRange}, {@link ETag},
 * {@link ContentDisposition}); what is here is the documented behaviour Spring has no call for:
 *
 * <ul>
 *   <li>one range only: several ranges are answered with the whole file (RFC 9110 allows it; no
 *       multipart/byteranges), and a header Spring cannot parse is ignored, not refused;
 *   <li>{@code If-Range}, with the strong comparison RFC 9110 requires (a weak tag never matches)
 *       or an exact date;
 *   <li>{@code If-Match} on upload, resolved to the one etag storage re-checks at commit;
 *   <li>RFC 9530 {@code Repr-Digest} and {@code X-Checksum-Sha256}, which Spring does not know.
 * </ul>
 */
final class HttpConditions {

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
    List<HttpRange> ranges;
    try {
      ranges = HttpRange.parseRanges(header.trim());
    } catch (IllegalArgumentException e) {
      return null; // not a range we can serve (or beyond a long): ignore it
    }
    if (ranges.size() != 1) {
      return null;
    }
    long start = ranges.get(0).getRangeStart(size);
    long end = ranges.get(0).getRangeEnd(size);
    if (start > end) {
      throw new Unsatisfiable(); // starts at or past the end, a zero suffix, or an empty file
    }
    return new ByteRange(start, end - start + 1);
  }

  /** The quoted entity tag of an etag as FileInfo carries it (without quotes). */
  static String quoted(String etag) {
    return ETag.quoteETagIfNecessary(etag);
  }

  /** Whether an {@code If-Match} list names {@code *} or this etag (strong comparison). */
  static boolean ifMatchHolds(String header, String etag) {
    ETag current = new ETag(etag, false);
    for (ETag tag : ETag.parse(header)) {
      if (tag.isWildcard() || tag.compare(current, true)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the range of an {@code If-Range} request applies: its entity tag is this etag, by the
   * strong comparison (a weak tag never matches), or its date is exactly this Last-Modified.
   *
   * @param date the header read as a date, -1 when it is not one
   */
  static boolean ifRangeHolds(String header, long date, String etag, long lastModified) {
    String value = header.trim();
    if (value.startsWith("\"") || value.startsWith("W/")) {
      List<ETag> tags = ETag.parse(value);
      return tags.size() == 1 && tags.get(0).compare(new ETag(etag, false), true);
    }
    return date >= 0 && date == lastModified;
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
   * 8187 {@code filename*} (Spring writes both when given a charset).
   */
  static String attachment(String name) {
    return ContentDisposition.attachment()
        .filename(name, StandardCharsets.UTF_8)
        .build()
        .toString();
  }
}
