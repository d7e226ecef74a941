package dev.coffer.files.tus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.CofferApplication;
import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The official tus-java-client uploads 300 MiB through a link that is cut once and a server that is
 * stopped and started again mid-upload (same port, same storage folder and database file), and the
 * file arrives whole: the same SHA-256, sent about once.
 */
class TusClientResumeEndToEndTest {

  private static final long SIZE = 300L * 1024 * 1024;
  private static final int PAYLOAD = 16 * 1024 * 1024;
  private static final String ADMIN_PASSWORD = "admin-password-for-resume";
  private static final String PATH = "big/300MiB.bin";

  @TempDir Path dir;

  /**
   * Bounded by its count of interruptions; the timeout only stops a hang, far above what two starts
   * of the application and 300 MiB take on a loaded machine (a deadline of two minutes inside the
   * loop could run out there).
   */
  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void uploadWhenLinkCutAndServerRestartedThenResumesToMatchingSha256() throws Exception {
    Path file = dir.resolve("300MiB.bin");
    String sha256 = writeRandom(file, SIZE, 42);
    int port = freePort();
    ConfigurableApplicationContext app = start(port);
    try (CuttableProxy proxy = new CuttableProxy(port)) {
      String basic = basic("admin", ADMIN_PASSWORD);
      TusClient client = new TusClient();
      client.setUploadCreationURL(new URL("http://127.0.0.1:" + proxy.port() + "/api/v1/uploads"));
      client.enableResuming(new TusURLMemoryStore());
      client.setHeaders(Map.of("Authorization", basic));

      proxy.cutAt(100L * 1024 * 1024);
      boolean restarted = false;
      int interruptions = 0;
      TusUploader uploader = null;
      while (true) {
        try {
          TusUpload upload = upload(file);
          uploader = uploader == null ? client.createUpload(upload) : client.resumeUpload(upload);
          uploader.setChunkSize(1024 * 1024);
          uploader.setRequestPayloadSize(PAYLOAD);
          while (uploader.uploadChunk() > -1) {
            long intoRequest = uploader.getOffset() % PAYLOAD;
            if (!restarted
                && proxy.forwarded() > 200L * 1024 * 1024
                && intoRequest > PAYLOAD / 4
                && intoRequest < PAYLOAD * 3 / 4) {
              // Mid-PATCH: the client is still streaming this request's body.
              restarted = true;
              app.close();
              app = start(port);
            }
          }
          uploader.finish();
          break;
        } catch (IOException | ProtocolException e) {
          interruptions++;
          assertThat(interruptions).as("interruptions, last: %s", e).isLessThan(50);
          // a client's pause before it retries (what tus clients do), not a wait for the server:
          // the next attempt is the check, and the loop is bounded by the count above
          Thread.sleep(100);
        }
      }

      assertThat(proxy.cuts()).isEqualTo(1);
      assertThat(restarted).isTrue();
      assertThat(interruptions).isGreaterThanOrEqualTo(2);
      // Resumed, not restarted: little more than the file crossed the link.
      assertThat(proxy.forwarded()).isLessThan(SIZE + 3L * PAYLOAD);
      assertThat(download(port, basic)).isEqualTo(sha256);
      try (Stream<Path> partials = Files.list(dir.resolve("storage/partials/admin"))) {
        assertThat(partials).isEmpty();
      }
    } finally {
      app.close();
    }
  }

  private TusUpload upload(Path file) throws IOException {
    TusUpload upload = new TusUpload(file.toFile());
    upload.setMetadata(Map.of("path", PATH));
    return upload;
  }

  private ConfigurableApplicationContext start(int port) {
    Path storage = dir.resolve("storage");
    // Command-line arguments: they outrank application.yaml (default properties would not).
    return new SpringApplicationBuilder(CofferApplication.class)
        .run(
            "--server.port=" + port,
            "--server.address=127.0.0.1",
            "--server.shutdown=immediate",
            "--coffer.storage-dir=" + storage,
            "--coffer.accounts.admin-password=" + ADMIN_PASSWORD,
            "--spring.datasource.url=jdbc:h2:file:"
                + storage.resolve("db/coffer")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
  }

  /** Streams the stored file back and returns its SHA-256. */
  private static String download(int port, String basic) throws Exception {
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/files/" + PATH))
                    .header("Authorization", basic)
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = response.body()) {
      byte[] buffer = new byte[1 << 20];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** {@code size} bytes from a seeded generator; returns their SHA-256. */
  private static String writeRandom(Path file, long size, long seed) throws Exception {
    Random random = new Random(seed);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= buffer.length) {
        random.nextBytes(buffer);
        int n = (int) Math.min(buffer.length, left);
        sha.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
