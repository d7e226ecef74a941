package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** Sizes and times built by hand print exactly what the JDK's formatters printed. */
class UnitsAndTimesTest {

  /** {@link Units#bytes} as it printed on {@link String#format}, the unit from the exponent. */
  private static String bytesByFormatter(long n) {
    if (n < 1024) {
      return n + "B";
    }
    int unit = Math.min(Math.getExponent((double) n) / 10, 6); // 1 = K ... 6 = E
    double v = Math.scalb((double) n, -10 * unit);
    return String.format(Locale.ROOT, v < 10 ? "%.1f%c" : "%.0f%c", v, "KMGTPE".charAt(unit - 1));
  }

  @Test
  void bytesWhenAnySizeThenWhatFormatPrinted() {
    Random random = new Random(17);
    for (long n = -5; n < 300_000; n++) {
      assertThat(Units.bytes(n)).isEqualTo(bytesByFormatter(n));
    }
    for (long unit = 1024; unit > 0 && unit <= Long.MAX_VALUE / 1024; unit *= 1024) {
      for (long k = 1; k < 1100; k++) {
        for (long d = -3; d <= 3; d++) {
          long n = k * unit + d;
          assertThat(Units.bytes(n)).as("%d", n).isEqualTo(bytesByFormatter(n));
          long half = k * unit + unit / 20 + d; // around x.05, where half up matters
          assertThat(Units.bytes(half)).as("%d", half).isEqualTo(bytesByFormatter(half));
        }
      }
    }
    for (int i = 0; i < 1_000_000; i++) {
      long n = random.nextLong() >>> random.nextInt(64);
      assertThat(Units.bytes(n)).as("%d", n).isEqualTo(bytesByFormatter(n));
    }
    assertThat(Units.bytes(Long.MAX_VALUE)).isEqualTo(bytesByFormatter(Long.MAX_VALUE));
  }

  @Test
  void lineWhenFileOrFolderThenTheFormattedColumns() {
    Remote.Info file = new Remote.Info("a/b.txt", "file", 1536, "2026-12-01T17:41:04Z", "e", null);
    Remote.Info dir = new Remote.Info("a", "dir", 0, null, null, null);
    Remote.Info odd = new Remote.Info("c", "file", 12_345_678_901L, "yesterday", "e", null);
    for (Remote.Info i : List.of(file, dir, odd)) {
      String when =
          i.modified() == null
              ? "-"
              : Times.localMinuteByFormatter(i.modified(), ZoneId.systemDefault());
      assertThat(FileCommands.line(i, "name"))
          .isEqualTo(
              String.format(
                  Locale.ROOT,
                  "%s %7s  %16s  %s%s",
                  i.folder() ? "d" : "-",
                  i.folder() ? "-" : bytesByFormatter(i.size()),
                  when,
                  "name",
                  i.folder() ? "/" : ""));
    }
    assertThat(FileCommands.line(odd, "c")).isEqualTo("-     11G         yesterday  c");
  }

  @Test
  void localMinuteWhenAnInstantInAnyZoneThenWhatTheFormatterPrinted() {
    TimeZone before = TimeZone.getDefault();
    Random random = new Random(17);
    try {
      for (String zone :
          List.of(
              "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe")) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        for (int i = 0; i < 20_000; i++) {
          // 1900 to 2200, with and without fractions of a second
          Instant t = Instant.ofEpochSecond(-2_208_988_800L + (long) (random.nextDouble() * 9.5e9));
          if (i % 3 == 1) {
            t = t.plusNanos(random.nextInt(1_000_000_000));
          } else if (i % 3 == 2) {
            t = t.plusMillis(random.nextInt(1000));
          }
          String iso = t.toString();
          assertThat(Times.localMinute(iso))
              .as(zone + " " + iso)
              .isEqualTo(Times.localMinuteByFormatter(iso, ZoneId.of(zone)));
        }
      }
      TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
      for (String odd :
          List.of(
              "2026-12-01T17:41:04z",
              "2026-12-01T17:41:04+01:00",
              "2026-02-30T17:41:04Z",
              "2026-12-01T24:00:00Z",
              "2026-12-01T23:59:60Z",
              "2026-12-01T17:41:04.Z",
              "2026-12-01T17:41:04.1234567890Z",
              "+12026-12-01T17:41:04Z",
              "0000-01-01T00:00:00Z",
              "2026-12-01 17:41:04Z",
              "2026-1x-01T17:41:04Z",
              "",
              "yesterday")) {
        assertThat(Times.localMinute(odd))
            .as(odd)
            .isEqualTo(Times.localMinuteByFormatter(odd, ZoneId.of("Europe/Berlin")));
      }
      assertThat(Times.localMinute("2026-07-01T17:41:04.5Z")).isEqualTo("2026-07-01 19:41");
    } finally {
      TimeZone.setDefault(before);
    }
  }

  @Test
  void isoInstantWhenAnHttpDateThenWhatTheFormatterPrinted() {
    Random random = new Random(17);
    for (int i = 0; i < 50_000; i++) {
      Instant t = Instant.ofEpochSecond((long) (random.nextDouble() * 9e9) - 2_000_000_000L);
      String http = DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
      assertThat(Times.isoInstant(http)).as(http).isEqualTo(Times.isoInstantByFormatter(http));
    }
    for (String odd :
        List.of(
            "Mon, 01 Dec 2026 17:41:04 GMT",
            "tue, 01 Dec 2026 17:41:04 GMT",
            "Tue, 01 dec 2026 17:41:04 GMT",
            "Tue, 1 Dec 2026 17:41:04 GMT",
            "Tue, 01 Dec 2026 17:41:04 +0100",
            "Tue, 01 Dec 2026 17:41 GMT",
            "Tue, 31 Nov 2026 17:41:04 GMT",
            "Tue, 01 Dex 2026 17:41:04 GMT",
            "Tue, 01 Dec 2026 17:41:60 GMT",
            "Sat, 01 Jan 0005 00:00:00 GMT",
            "",
            "yesterday")) {
      assertThat(Times.isoInstant(odd)).as(odd).isEqualTo(Times.isoInstantByFormatter(odd));
    }
    assertThat(Times.isoInstant("Tue, 01 Dec 2026 17:41:04 GMT")).isEqualTo("2026-12-01T17:41:04Z");
  }
}
