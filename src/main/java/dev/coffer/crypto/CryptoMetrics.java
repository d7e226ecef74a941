package dev.coffer.crypto;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Counts every operation with a named key by operation, key type and outcome ({@code
 * coffer.crypto.operations}) and the bytes of data it worked on ({@code coffer.crypto.bytes}: the
 * plaintext of encryptions and decryptions, the message of signatures and HMACs, the body of a
 * stream), so that a burst of failed decryptions or a stream's volume shows up on a dashboard.
 * Never a key name, user or data.
 *
 * <p>The outcomes: {@code ok}; {@code failed}, the cryptographic check said no (a decryption that
 * fails, a signature or HMAC that does not verify); {@code rejected}, the request was refused
 * before (a bad field, a key type that cannot do it); {@code aborted}, a stream that broke off. The
 * operations a key type supports start at zero with outcomes {@code ok} and {@code failed}, so that
 * rates work from the first call; the other series appear on their first count.
 */
@Component
class CryptoMetrics {

  /** What was done; the tag is the endpoint's name. */
  enum Operation {
    ENCRYPT(KeyType::encrypts),
    DECRYPT(KeyType::encrypts),
    REWRAP(KeyType::encrypts),
    DATAKEY(KeyType::encrypts),
    SIGN(KeyType::signs),
    VERIFY(KeyType::signs),
    HMAC(type -> true),
    HMAC_VERIFY(type -> true),
    ENCRYPT_STREAM(KeyType::encryptsStreams),
    DECRYPT_STREAM(KeyType::encryptsStreams),
    SIGN_STREAM(KeyType::signs),
    VERIFY_STREAM(KeyType::signs);

    private final Predicate<KeyType> supported;

    Operation(Predicate<KeyType> supported) {
      this.supported = supported;
    }

    String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  enum Outcome {
    OK,
    FAILED,
    REJECTED,
    ABORTED;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What one operation reports while it runs: its bytes, and whether its check failed. */
  static final class Sample {
    private long bytes;
    private boolean failed;

    void bytes(long bytes) {
      this.bytes = bytes;
    }

    void failed() {
      this.failed = true;
    }
  }

  private record Series(Operation operation, KeyType type, Outcome outcome) {}

  private record Meters(Counter operations, Counter bytes) {}

  private final MeterRegistry registry;
  private final Map<Series, Meters> meters = new ConcurrentHashMap<>();

  CryptoMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Operation operation : Operation.values()) {
      for (KeyType type : KeyType.values()) {
        if (operation.supported.test(type)) {
          meters(operation, type, Outcome.OK);
          meters(operation, type, Outcome.FAILED);
        }
      }
    }
  }

  /** Counts one operation that has ended. */
  void record(Operation operation, KeyType type, Outcome outcome, long bytes) {
    Meters series = meters(operation, type, outcome);
    series.operations().increment();
    if (bytes > 0) {
      series.bytes().increment(bytes);
    }
  }

  /**
   * Runs one operation and counts it: {@code ok} when it returns (or {@code failed} when it said
   * {@link Sample#failed()}), {@code failed} when it throws the opaque decryption failure, {@code
   * rejected} when it throws another client error, {@code aborted} when reading its body failed
   * ({@link UncheckedIOException}). Server errors are not the caller's outcome and leave the counts
   * alone.
   */
  <T> T count(Operation operation, KeyType type, Function<Sample, T> work) {
    Sample sample = new Sample();
    T result;
    try {
      result = work.apply(sample);
    } catch (CryptoProblem problem) {
      refused(operation, type, problem);
      throw problem;
    } catch (UncheckedIOException e) {
      record(operation, type, Outcome.ABORTED, 0);
      throw e;
    }
    record(operation, type, sample.failed ? Outcome.FAILED : Outcome.OK, sample.bytes);
    return result;
  }

  /** Counts an operation that ended in {@code problem}: failed, rejected, or not at all (5xx). */
  void refused(Operation operation, KeyType type, CryptoProblem problem) {
    if (problem.isDecryptionFailure()) {
      record(operation, type, Outcome.FAILED, 0);
    } else if (problem.status().is4xxClientError()) {
      record(operation, type, Outcome.REJECTED, 0);
    }
  }

  private Meters meters(Operation operation, KeyType type, Outcome outcome) {
    return meters.computeIfAbsent(
        new Series(operation, type, outcome),
        series ->
            new Meters(
                Counter.builder("coffer.crypto.operations")
                    .description("Operations with named keys, by operation, key type and outcome")
                    .tag("operation", operation.tag())
                    .tag("type", type.id())
                    .tag("outcome", outcome.tag())
                    .register(registry),
                Counter.builder("coffer.crypto.bytes")
                    .description(
                        "Bytes of data the operations with named keys worked on (plaintext,"
                            + " message or stream body)")
                    .baseUnit("bytes")
                    .tag("operation", operation.tag())
                    .tag("type", type.id())
                    .tag("outcome", outcome.tag())
                    .register(registry)));
  }
}
