package dev.coffer.files.storage.s3;

import dev.coffer.support.S3ProxyProcess;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@link S3Storage}s on the shared S3Proxy for one test, under a key prefix of the test's own so
 * tests never see each other's objects; {@link #close} (or {@code @AutoClose} on the field) closes
 * every one opened.
 */
final class S3Fixture implements AutoCloseable {

  /** The part size the storages use: S3's smallest. */
  static final int PART = 5 * 1024 * 1024;

  private static final AtomicInteger RUNS = new AtomicInteger();

  /** The storages' part uploaders, shared by every test: daemon threads, never shut down. */
  private static final ExecutorService WORKERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "s3-test-worker");
            t.setDaemon(true);
            return t;
          });

  private final List<S3Storage> opened = new ArrayList<>();

  /** This test's key prefix. */
  final String prefix = "run" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet() + "/";

  /** A storage on the shared S3Proxy under {@link #prefix}; several act as several nodes. */
  S3Storage open() {
    return open(S3ProxyProcess.shared().endpoint(), S3ProxyProcess.BUCKET, prefix, credentials());
  }

  S3Storage open(URI endpoint, String bucket, String prefix, StaticCredentialsProvider c) {
    S3Storage s3 =
        new S3Storage(
            S3Connector.connect(properties(endpoint, bucket, prefix), c),
            properties(endpoint, bucket, prefix),
            WORKERS);
    opened.add(s3);
    return s3;
  }

  static S3Properties properties(URI endpoint, String bucket, String prefix) {
    return new S3Properties(
        endpoint,
        bucket,
        "us-east-1",
        true,
        prefix,
        DataSize.ofBytes(PART),
        2,
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        Duration.ofSeconds(30),
        16);
  }

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY));
  }

  /** Every key under {@link #prefix}, in order. */
  List<String> keys() throws IOException {
    List<String> keys = new ArrayList<>();
    first().bucket().forEach(prefix, o -> keys.add(o.key()));
    return keys;
  }

  /** The keys of multipart uploads under {@link #prefix} not yet completed or aborted. */
  List<String> uploadsLeft() throws IOException {
    return first().bucket().uploadsUnder(prefix).stream().map(u -> u.key()).toList();
  }

  private S3Storage first() {
    return opened.get(0);
  }

  @Override
  public void close() {
    opened.forEach(S3Storage::close);
  }
}
