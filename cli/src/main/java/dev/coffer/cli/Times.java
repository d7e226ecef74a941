package dev.coffer.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.TimeZone;

/**
 * The times a listing and {@code stat} print. The server's own forms ({@code 2026-12-01T17:41:04Z}
 * in JSON, {@code Tue, 01 Dec 2026 17:41:04 GMT} in {@code Last-Modified}) are read and written by
 * hand; anything else goes through {@link DateTimeFormatter} as before, so every input prints what
 * it printed. The formatters' set-up (their class builds every predefined one, a pattern is
 * compiled, the zone rules provider reads the time-zone database a second time) was a tenth of
 * {@code ls}'s start-up.
 */
final class Times {

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
  private static final String DAYS = "MonTueWedThuFriSatSun";

  private Times() {}

  /** An ISO-8601 instant as {@code yyyy-MM-dd HH:mm} in this machine's zone; else it unchanged. */
  static String localMinute(String iso) {
    LocalDateTime utc = utcInstant(iso);
    if (utc != null) {
      long second = utc.toEpochSecond(ZoneOffset.UTC);
      int offset = TimeZone.getDefault().getOffset(second * 1000) / 1000;
      LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.ofTotalSeconds(offset));
      if (t.getYear() >= 1 && t.getYear() <= 9999) {
        return date(t) + ' ' + two(t.getHour()) + ':' + two(t.getMinute());
      }
    }
    return localMinuteByFormatter(iso, ZoneId.systemDefault());
  }

  /** What {@link #localMinute} printed before it read the server's form by hand. */
  static String localMinuteByFormatter(String iso, ZoneId zone) {
    try {
      return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
          .withZone(zone)
          .format(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** An HTTP date (RFC 1123) as an ISO-8601 instant; else it unchanged. */
  static String isoInstant(String httpDate) {
    LocalDateTime t = httpDate(httpDate);
    if (t != null) {
      return date(t)
          + 'T'
          + two(t.getHour())
          + ':'
          + two(t.getMinute())
          + ':'
          + two(t.getSecond())
          + 'Z';
    }
    return isoInstantByFormatter(httpDate);
  }

  /** What {@link #isoInstant} printed before it read the server's form by hand. */
  static String isoInstantByFormatter(String httpDate) {
    try {
      return DateTimeFormatter.ISO_INSTANT.format(
          DateTimeFormatter.RFC_1123_DATE_TIME.parse(httpDate));
    } catch (DateTimeParseException e) {
      return httpDate;
    }
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} with a four-digit year, or null for anything else. */
  private static LocalDateTime utcInstant(String s) {
    int n = s.length();
    if (n < 20
        || n > 30
        || n == 21
        || s.charAt(n - 1) != 'Z'
        || !"--T::"
            .equals("" + s.charAt(4) + s.charAt(7) + s.charAt(10) + s.charAt(13) + s.charAt(16))
        || (n > 20 && (s.charAt(19) != '.' || number(s, 20, n - 1) < 0))) {
      return null;
    }
    return dateTime(
        number(s, 0, 4),
        number(s, 5, 7),
        number(s, 8, 10),
        number(s, 11, 13),
        number(s, 14, 16),
        number(s, 17, 19));
  }

  /** {@code EEE, dd MMM yyyy HH:mm:ss GMT} exactly, its day of the week right; else null. */
  private static LocalDateTime httpDate(String s) {
    if (s.length() != 29
        || !", ::".equals("" + s.charAt(3) + s.charAt(4) + s.charAt(19) + s.charAt(22))
        || !"    ".equals("" + s.charAt(7) + s.charAt(11) + s.charAt(16) + s.charAt(25))
        || !s.endsWith("GMT")) {
      return null;
    }
    int month = MONTHS.indexOf(s.substring(8, 11));
    if (month < 0 || month % 3 != 0) {
      return null;
    }
    LocalDateTime t =
        dateTime(
            number(s, 12, 16),
            month / 3 + 1,
            number(s, 5, 7),
            number(s, 17, 19),
            number(s, 20, 22),
            number(s, 23, 25));
    if (t == null) {
      return null;
    }
    int day = t.getDayOfWeek().getValue() - 1;
    return DAYS.regionMatches(3 * day, s, 0, 3) ? t : null;
  }

  private static LocalDateTime dateTime(int y, int mo, int d, int h, int mi, int s) {
    if ((y | mo | d | h | mi | s) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(y, mo, d, h, mi, s);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The decimal digits from {@code from} to {@code to}, or -1 when one is not a digit. */
  private static int number(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static String date(LocalDateTime t) {
    int y = t.getYear();
    return (y < 1000 ? "0".repeat(y < 10 ? 3 : y < 100 ? 2 : 1) : "")
        + y
        + '-'
        + two(t.getMonthValue())
        + '-'
        + two(t.getDayOfMonth());
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }
}
