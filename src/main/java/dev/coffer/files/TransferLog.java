package dev.coffer.files;

import dev.coffer.files.storage.StoragePath;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One log line per upload and download, finished or not, with its time and throughput (as the
 * original socket server printed them), and the same figures as Micrometer meters: {@code
 * coffer.transfer.duration} (timer) and {@code coffer.transfer.size} (bytes), tagged by operation
 * and outcome.
 */
@Component
public class TransferLog {

  /** How a transfer ended. */
  public enum Outcome {
    /** Complete. */
    OK,
    /** The client went away or sent less than it announced. */
    ABORTED,
    /** Refused by a rule: quota, size, digest, precondition, path. */
    REFUSED,
    /** A server-side failure. */
    FAILED,
    /**
     * Handed to the container's sendfile, which reports no end: bytes and time are the hand-off's.
     */
    SENDFILE;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Logger log = LoggerFactory.getLogger("dev.coffer.files.transfer");

  private final MeterRegistry meters;
  private final Map<MeterKey, Meters> registered = new ConcurrentHashMap<>();

  TransferLog(MeterRegistry meters) {
    this.meters = meters;
  }

  public Transfer start(String user, String operation, StoragePath path) {
    return new Transfer(user, operation, path, System.nanoTime());
  }

  /**
   * A transfer that began {@code elapsed} ago, possibly in an earlier request or process (a
   * resumable upload finishing): its line reports the time since then.
   */
  public Transfer started(String user, String operation, StoragePath path, Duration elapsed) {
    return new Transfer(user, operation, path, System.nanoTime() - elapsed.toNanos());
  }

  /** A transfer under way; {@link #finish} it exactly once. */
  public final class Transfer {
    private final String user;
    private final String operation;
    private final StoragePath path;
    private final long started;

    private Transfer(String user, String operation, StoragePath path, long started) {
      this.user = user;
      this.operation = operation;
      this.path = path;
      this.started = started;
    }

    public void finish(long bytes, Outcome outcome) {
      long nanos = System.nanoTime() - started;
      Meters meters = meters(operation, outcome);
      if (outcome == Outcome.SENDFILE) {
        // Tomcat sends the bytes after we return and reports no end: there is no time to give.
        log.info(
            "{} user={} path=\"{}\" bytes={} ms=- MB/s=- outcome={}",
            operation,
            user,
            path,
            bytes,
            outcome.tag());
      } else {
        if (log.isInfoEnabled()) {
          double seconds = nanos / 1e9;
          double mbPerSecond = seconds > 0 ? bytes / 1e6 / seconds : 0;
          log.info(
              "{} user={} path=\"{}\" bytes={} ms={} MB/s={} outcome={}",
              operation,
              user,
              path,
              bytes,
              TimeUnit.NANOSECONDS.toMillis(nanos),
              String.format(Locale.ROOT, "%.1f", mbPerSecond),
              outcome.tag());
        }
        Timer duration = meters.duration();
        if (duration != null) {
          duration.record(nanos, TimeUnit.NANOSECONDS);
        }
      }
      meters.size().record(bytes);
    }
  }

  /**
   * The two meters of an operation and outcome, registered once: looking them up through their
   * builders on every transfer costs more than a small download itself.
   */
  private Meters meters(String operation, Outcome outcome) {
    return registered.computeIfAbsent(new MeterKey(operation, outcome), this::register);
  }

  private Meters register(MeterKey key) {
    return new Meters(
        key.outcome() == Outcome.SENDFILE
            ? null // no end, so no time: a timer would only export an empty series
            : Timer.builder("coffer.transfer.duration")
                .description("Time spent on file uploads and downloads")
                .tag("operation", key.operation())
                .tag("outcome", key.outcome().tag())
                .register(meters),
        DistributionSummary.builder("coffer.transfer.size")
            .description("Bytes moved by file uploads and downloads")
            .baseUnit("bytes")
            .tag("operation", key.operation())
            .tag("outcome", key.outcome().tag())
            .register(meters));
  }

  private record MeterKey(String operation, Outcome outcome) {}

  private record Meters(@Nullable Timer duration, DistributionSummary size) {}
}
