package dev.coffer.cli;

import java.util.Locale;

/** Human-readable sizes (binary units, as {@code ls -h}) and durations. */
final class Units {

  private Units() {}

  static String bytes(long n) {
    if (n < 1024) {
      return n + "B";
    }
    String units = "KMGTPE";
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length() - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.1f%c" : "%.0f%c", v, units.charAt(u));
  }

  static String duration(long seconds) {
    return seconds >= 3600
        ? String.format(
            Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
