package dev.coffer.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * S3Proxy (a real S3 server, from Maven Central; the build copies it to {@code target/s3proxy}) run
 * as its own process on 127.0.0.1 and a free port, storing objects in a temporary folder. {@link
 * #shared()} is one instance for the whole test JVM; fault tests start their own and stop it. A
 * missing jar skips the test (fails it in CI).
 */
public final class S3ProxyProcess implements AutoCloseable {

  public static final String ACCESS_KEY = "coffer-test";
  public static final String SECRET_KEY = "coffer-test-secret";
  public static final String BUCKET = "coffer";

  private static final Path JAR = Path.of("target/s3proxy/s3proxy.jar");
  private static S3ProxyProcess shared;
  private static RuntimeException sharedFailure;

  private final Path folder;
  private final int port;
  private final String heap;
  private Process process;

  private S3ProxyProcess(Path folder, int port, String heap) {
    this.folder = folder;
    this.port = port;
    this.heap = heap;
  }

  /** The JVM's shared instance, started on first use. */
  public static synchronized S3ProxyProcess shared() {
    if (sharedFailure != null) {
      throw sharedFailure;
    }
    if (shared == null) {
      try {
        shared = start();
      } catch (RuntimeException e) {
        sharedFailure = e;
        throw e;
      }
      S3ProxyProcess s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    }
    return shared;
  }

  /** A new instance of its own, with the bucket {@link #BUCKET} created. */
  public static S3ProxyProcess start() {
    return start("256m");
  }

  /**
   * The same with a heap of {@code heap} ({@code -Xmx}): S3Proxy keeps objects in memory, and
   * completing or copying one holds it about three times over.
   */
  public static S3ProxyProcess start(String heap) {
    Peers.require(Files.isRegularFile(JAR), "S3Proxy (" + JAR + ", copied by the build)");
    try {
      Path folder = Files.createTempDirectory("s3proxy");
      S3ProxyProcess s3 = new S3ProxyProcess(folder, freePort(), heap);
      s3.launch();
      s3.createBucket();
      return s3;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void launch() throws IOException {
    Path properties = folder.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            // in memory: the filesystem provider answers 500, not 404, for a key below a file
            "jclouds.provider=transient",
            ""));
    String java = ProcessHandle.current().info().command().orElse("java");
    process =
        new ProcessBuilder(
                java,
                "-Xmx" + heap,
                "-jar",
                JAR.toAbsolutePath().toString(),
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("s3proxy.log").toFile())
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!listening()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "S3Proxy did not start: " + Files.readString(folder.resolve("s3proxy.log")));
      }
      try {
        process.waitFor(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** Creates {@link #BUCKET} with a signed PUT (curl, as an operator would). */
  private void createBucket() throws IOException {
    try {
      Process curl =
          new ProcessBuilder(
                  "curl",
                  "-sS",
                  "-o",
                  "/dev/null",
                  "-w",
                  "%{http_code}",
                  "-X",
                  "PUT",
                  "-H",
                  "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                  "--aws-sigv4",
                  "aws:amz:us-east-1:s3",
                  "--user",
                  ACCESS_KEY + ":" + SECRET_KEY,
                  endpoint() + "/" + BUCKET)
              .redirectErrorStream(true)
              .start();
      String out = new String(curl.getInputStream().readAllBytes());
      if (curl.waitFor() != 0 || !out.equals("200")) {
        throw new IOException("could not create the bucket: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Stops the server (as a crash would), keeping its data. */
  public void stop() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder
    }
  }

  /** A port nothing listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
