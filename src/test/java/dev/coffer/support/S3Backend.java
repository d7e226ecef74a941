package dev.coffer.support;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points an application under test at the shared S3Proxy: {@code coffer.storage.backend=s3}, a
 * fresh key prefix per context, and the test server's credentials through the AWS default chain
 * (its system properties, as {@code AWS_ACCESS_KEY_ID} would be on a real node).
 */
public final class S3Backend {

  private static final AtomicInteger CONTEXTS = new AtomicInteger();

  private S3Backend() {}

  public static void register(DynamicPropertyRegistry registry) {
    register(registry, S3ProxyProcess.shared());
  }

  /** The same, on a server of the test's own (one it may stop). */
  public static void register(DynamicPropertyRegistry registry, S3ProxyProcess s3) {
    System.setProperty("aws.accessKeyId", S3ProxyProcess.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3ProxyProcess.SECRET_KEY);
    String prefix = "e2e-" + ProcessHandle.current().pid() + "-" + CONTEXTS.incrementAndGet();
    registry.add("coffer.storage.backend", () -> "s3");
    registry.add("coffer.storage.s3.endpoint", () -> s3.endpoint().toString());
    registry.add("coffer.storage.s3.bucket", () -> S3ProxyProcess.BUCKET);
    registry.add("coffer.storage.s3.region", () -> "us-east-1");
    registry.add("coffer.storage.s3.path-style-access", () -> "true");
    registry.add("coffer.storage.s3.prefix", () -> prefix);
    registry.add("coffer.storage.s3.part-size", () -> "5MB");
  }
}
