package dev.coffer.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One transfer's progress: a bar with speed and time left on a terminal (redrawn at most five times
 * a second, on standard error), nothing otherwise; and always, at the end, the line the original
 * console client printed: bytes, seconds and MB/s (MB = 10^6 bytes).
 */
final class Progress {

  private static final long REDRAW_NANOS = 200_000_000L;

  private final String label;
  private final long total;
  private final long start;
  private final boolean bar;
  private final PrintStream err;
  private final long already;
  private long done;
  private long lastDraw;

  /**
   * @param already bytes that an earlier, interrupted run moved (a resumed transfer): counted in
   *     the bar's position, not in the speed
   */
  Progress(String label, long total, long already, boolean bar, PrintStream err) {
    this.label = label;
    this.total = total;
    this.already = already;
    this.done = already;
    this.bar = bar;
    this.err = err;
    this.start = System.nanoTime();
  }

  void add(long n) {
    done += n;
    if (bar) {
      long now = System.nanoTime();
      if (now - lastDraw >= REDRAW_NANOS) {
        lastDraw = now;
        draw(now);
      }
    }
  }

  InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          add(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          add(n);
        }
        return n;
      }
    };
  }

  private void draw(long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    double rate = (done - already) / seconds;
    StringBuilder line = new StringBuilder("\r").append(label).append(' ');
    if (total > 0) {
      int width = 30;
      int filled = (int) Math.min(width, width * done / total);
      line.append('[')
          .append("=".repeat(filled))
          .append(filled < width ? ">" : "")
          .append(" ".repeat(Math.max(0, width - filled - 1)))
          .append(']')
          .append(String.format(Locale.ROOT, " %3d%%", 100 * done / total));
    }
    line.append(' ').append(Units.bytes(done)).append(' ');
    line.append(String.format(Locale.ROOT, "%.1f MB/s", rate / 1e6));
    if (total > 0 && rate > 0) {
      line.append("  ").append(Units.duration((long) ((total - done) / rate))).append(" left");
    }
    err.print(line.append("\u001b[K"));
    err.flush();
  }

  /** Clears the bar and prints the closing line. */
  void finish(String verb, PrintStream out) {
    if (bar) {
      err.print("\r\u001b[K");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long moved = done - already;
    out.println(
        String.format(
            Locale.ROOT,
            "%s %s: %d bytes in %.3f s, %.1f MB/s%s",
            verb,
            label,
            moved,
            seconds,
            seconds > 0 ? moved / seconds / 1e6 : 0.0,
            already > 0 ? " (resumed at byte " + already + ")" : ""));
  }
}
