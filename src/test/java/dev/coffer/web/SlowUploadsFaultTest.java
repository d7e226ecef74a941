package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coffer.support.ReportingServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow-upload flood of issue 12 against a server of its own at {@code -Xmx128m}: 1,000
 * authenticated PUTs that announce 1 MiB and send 16 bytes every 2 s. Before the fix each took
 * about a megabyte of heap before its first byte and the server died of OutOfMemoryError; now the
 * bodies over the limit are refused with a 503 at once, those admitted hold a few KiB each, and
 * ordinary requests are answered within a second throughout.
 */
class SlowUploadsFaultTest {

  private static final int UPLOADS = 1000;
  private static final int ADMITTED = 100;
  private static final String PASSWORD = "fault-test-admin-password";
  private static final String SCRAPE = "fault-test-scrape-token";

  @TempDir Path storage;
  private Process server;
  private Writer commands;
  private Path log;
  private int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Socket> uploads = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void startServer() throws Exception {
    port = freePort();
    log = storage.resolve("server.log");
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                classpath,
                ReportingServer.class.getName(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--coffer.storage-dir=" + storage.resolve("data"),
                "--spring.datasource.url=jdbc:h2:mem:fault;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;"
                    + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--coffer.accounts.admin-password=" + PASSWORD,
                "--coffer.security.metrics-scrape-token=" + SCRAPE,
                "--coffer.http.max-concurrent-bodies=" + ADMITTED)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    commands = new java.io.OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8);
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> get("/actuator/health", null, Duration.ofSeconds(2)).statusCode() == 200);
  }

  @AfterEach
  void stopServer() throws Exception {
    trickle.shutdownNow();
    for (Socket socket : uploads) {
      socket.close();
    }
    if (server != null) {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  @Test
  void thousandSlowUploadsWhenHeapIs128mThenOrdinaryRequestsAnsweredAndServerHealthyAfter()
      throws Exception {
    String token = createToken();
    long liveBefore = report().live();

    AtomicInteger refused = new AtomicInteger();
    ConcurrentHashMap<Socket, Boolean> open = new ConcurrentHashMap<>();
    for (int i = 0; i < UPLOADS; i++) {
      Socket socket = startSlowUpload(token, "/api/v1/files/flood/" + i + ".bin");
      uploads.add(socket);
      open.put(socket, true);
    }
    trickle.scheduleAtFixedRate(
        () -> {
          for (Socket socket : open.keySet()) {
            try {
              OutputStream out = socket.getOutputStream();
              out.write(new byte[16]);
              out.flush();
            } catch (IOException e) {
              open.remove(socket);
            }
          }
        },
        2,
        2,
        TimeUnit.SECONDS);
    List<Socket> unanswered = new ArrayList<>(uploads);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              unanswered.removeIf(socket -> answered(socket, refused));
              return refused.get() == UPLOADS - ADMITTED;
            });
    assertThat(inFlight()).isEqualTo(ADMITTED);

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> me = get("/api/v1/me", token, Duration.ofSeconds(1));
      assertThat(me.statusCode()).isEqualTo(200);
    }
    Report during = report();

    trickle.shutdownNow();
    for (Socket socket : uploads) {
      socket.close();
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> inFlight() == 0);
    assertThat(get("/actuator/health", null, Duration.ofSeconds(5)).body()).contains("UP");
    HttpResponse<String> upload =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/files/flood/after.bin"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString("still works"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).isEqualTo(201);
    assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");

    long perAdmitted = (during.live() - liveBefore) / ADMITTED;
    System.out.printf(
        "%d slow uploads at -Xmx128m: %d refused with 503, %d admitted; heap peak %d MiB,"
            + " live %d MiB before and %d MiB during the flood (%d KiB per admitted upload)%n",
        UPLOADS,
        UPLOADS - ADMITTED,
        ADMITTED,
        during.peak() >> 20,
        liveBefore >> 20,
        during.live() >> 20,
        perAdmitted >> 10);
    assertThat(perAdmitted).isLessThan(256 * 1024);
  }

  private record Report(long peak, long live) {}

  private static final Pattern REPORT = Pattern.compile("heap peak=(\\d+) live=(\\d+)");

  /** Asks the server for its heap figures and waits for its answer in the log. */
  private Report report() throws Exception {
    long seen = countReports();
    commands.write("report\n");
    commands.flush();
    await().atMost(Duration.ofSeconds(30)).until(() -> countReports() > seen);
    Matcher last = null;
    Matcher m = REPORT.matcher(Files.readString(log));
    while (m.find()) {
      last = REPORT.matcher(m.group());
      last.matches();
    }
    return new Report(Long.parseLong(last.group(1)), Long.parseLong(last.group(2)));
  }

  private long countReports() throws IOException {
    return REPORT.matcher(Files.readString(log)).results().count();
  }

  private String createToken() throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/tokens"))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"flood\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(created.body());
    assertThat(token.find()).isTrue();
    return token.group(1);
  }

  private Socket startSlowUpload(String token, String path) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(60_000);
    String head =
        "PUT "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + token
            + "\r\nContent-Length: 1048576\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[16]);
    out.flush();
    return socket;
  }

  /** Whether an answer has arrived on the connection (counting 503s), without blocking. */
  private static boolean answered(Socket socket, AtomicInteger refused) {
    try {
      InputStream in = socket.getInputStream();
      if (in.available() < 12) {
        return false;
      }
      if (new String(in.readNBytes(12), StandardCharsets.US_ASCII).equals("HTTP/1.1 503")) {
        refused.incrementAndGet();
      }
      return true;
    } catch (IOException e) {
      return true;
    }
  }

  private int inFlight() throws Exception {
    return get("/actuator/prometheus", SCRAPE, Duration.ofSeconds(5))
        .body()
        .lines()
        .filter(line -> line.startsWith("coffer_http_bodies_in_flight "))
        .map(line -> (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }

  private HttpResponse<String> get(String path, String bearer, Duration timeout) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(timeout);
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
