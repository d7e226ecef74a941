package dev.coffer.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Human-readable sizes (binary units, as {@code ls -h}) and durations. Sizes are what {@code
 * String.format(Locale.ROOT, "%.1f")} printed, built without a {@link java.util.Formatter}: its
 * first use with a locale other than {@code Locale.US} sets up the JDK's locale data, a tenth of a
 * small command's start-up.
 */
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
    return fixed(v, v < 10 ? 1 : 0) + units.charAt(u);
  }

  /**
   * {@code v} with {@code decimals} digits after the point, as {@code %.1f} and {@code %.0f} round
   * it: half up, from the shortest decimal form of the double.
   */
  static String fixed(double v, int decimals) {
    return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
  }

  /** {@code s} right-aligned in {@code width} characters, as {@code %7s} does. */
  static String right(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  static String duration(long seconds) {
    return seconds >= 3600
        ? String.format(
            Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
