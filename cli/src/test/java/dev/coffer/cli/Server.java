package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real Coffer server, started once for the client's tests from the jar the root build packaged
 * (../target/coffer-*.jar), on a free port of 127.0.0.1 with an empty storage folder.
 */
final class Server {

  static final String ADMIN_PASSWORD = "cli-test-admin-password";
  private static Server instance;
  private static final AtomicInteger USERS = new AtomicInteger();

  final int port;
  final String url;
  final Path storage;
  private final Process process;

  private Server(int port, Path storage, Process process) {
    this.port = port;
    this.url = "http://127.0.0.1:" + port;
    this.storage = storage;
    this.process = process;
  }

  static synchronized Server get() throws Exception {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance.process::destroyForcibly));
    }
    return instance;
  }

  private static Server start() throws Exception {
    Path dir = Path.of(System.getProperty("coffer.server.jar.dir", "../target"));
    Path jar;
    try (var files = Files.list(dir)) {
      jar =
          files
              .filter(p -> p.getFileName().toString().matches("coffer-.*\\.jar"))
              .filter(p -> !p.getFileName().toString().contains("plain"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no server jar in " + dir + ": build the server first (./mvnw package)"));
    } catch (IOException e) {
      throw new IllegalStateException("no server build at " + dir + ": run ./mvnw package", e);
    }
    int port = freePort();
    Path storage = Files.createTempDirectory("coffer-cli-server-");
    Path log = storage.resolveSibling(storage.getFileName() + ".log");
    Process p =
        new ProcessBuilder(
                List.of(
                    javaBin(),
                    "-Xmx256m",
                    "-jar",
                    jar.toString(),
                    "--server.address=127.0.0.1",
                    "--server.port=" + port,
                    "--coffer.storage-dir=" + storage,
                    "--coffer.accounts.admin-password=" + ADMIN_PASSWORD,
                    "--logging.level.root=WARN"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Server s = new Server(port, storage, p);
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    while (true) {
      if (!p.isAlive()) {
        throw new IllegalStateException("the server stopped: " + Files.readString(log));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(s.url + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return s;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the server did not start: " + Files.readString(log));
      }
      Thread.sleep(200);
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A new user; answers {username, password, token}. */
  User newUser(Long quotaBytes) throws Exception {
    String name = "u" + USERS.incrementAndGet() + "x" + (System.nanoTime() % 100000);
    String password = "password of " + name;
    String quota = quotaBytes == null ? "" : ",\"quotaBytes\":" + quotaBytes;
    call(
        "admin",
        ADMIN_PASSWORD,
        "/api/v1/users",
        "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"" + quota + "}",
        201);
    String created = call(name, password, "/api/v1/tokens", "{\"name\":\"test\"}", 201);
    String token = created.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    return new User(name, password, token);
  }

  record User(String name, String password, String token) {}

  private String call(String user, String password, String path, String json, int expected)
      throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + path))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString(
                                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
    return r.body();
  }
}
