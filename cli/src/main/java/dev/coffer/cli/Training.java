package dev.coffer.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the launcher's class-data-sharing archive: {@code cli/coffer} runs this once
 * with {@code -XX:DumpLoadedClassList} and builds the archive from the classes it loaded, so that
 * every simple command maps its classes instead of reading and verifying them (picocli's classes,
 * compiled for Java 5, can only be archived that way). It runs those commands as a user would,
 * against a stand-in server on the loopback address that answers as Coffer does; their output goes
 * nowhere, and the launcher leaves this class and the stand-in's out of the archive.
 */
final class Training {

  private static final byte[] CONTENT = "hello\n".getBytes(StandardCharsets.UTF_8);
  private static final String MODIFIED = "Tue, 01 Dec 2026 17:41:04 GMT";

  /** The command lines trained; {@code LOCAL} stands for a file in a temporary folder. */
  static final List<List<String>> COMMANDS =
      List.of(
          List.of("--version"),
          List.of("--help"),
          List.of("whoami"),
          List.of("--json", "whoami"),
          List.of("ls"),
          List.of("ls", "docs"),
          List.of("ls", "-R", "--json", "docs"),
          List.of("ls", "docs/a.txt"),
          List.of("stat", "docs/a.txt"),
          List.of("stat", "--json", "docs"),
          List.of("stat", "missing"),
          List.of("du"),
          List.of("cat", "docs/a.txt"),
          List.of("get", "docs/a.txt", "LOCAL"),
          List.of("hash", "text"),
          List.of("random", "16"),
          List.of("encrypt", "k", "text"),
          List.of("decrypt", "k", "Y2lwaGVydGV4dA=="),
          List.of("sign", "k", "text"),
          List.of("verify", "k", "c2lnbmF0dXJl", "text"),
          List.of("hmac", "k", "text"),
          List.of("key", "ls"),
          List.of("frobnicate"));

  private Training() {}

  public static void main(String[] args) throws IOException {
    run();
  }

  /** One trained command's exit code and standard output. */
  record Result(int exit, String out) {}

  /** Runs {@link #COMMANDS} against the stand-in; what each did, in order. */
  static List<Result> run() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", Training::answer);
    server.start();
    Path home = Files.createTempDirectory("coffer-training");
    try {
      Map<String, String> env =
          Map.of(
              "COFFER_URL",
              "http://127.0.0.1:" + server.getAddress().getPort(),
              "COFFER_TOKEN",
              "training",
              "XDG_CONFIG_HOME",
              home.toString(),
              "XDG_CACHE_HOME",
              home.toString());
      PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true);
      List<Result> results = new ArrayList<>();
      for (List<String> command : COMMANDS) {
        String[] line =
            command.stream()
                .map(a -> a.equals("LOCAL") ? home.resolve("a.txt").toString() : a)
                .toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit =
            new Coffer(
                    env,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    nowhere,
                    new ByteArrayInputStream(new byte[0]),
                    new Coffer.Session())
                .execute(line);
        results.add(new Result(exit, out.toString(StandardCharsets.UTF_8)));
      }
      return results;
    } finally {
      server.stop(0);
      try (Stream<Path> walk = Files.walk(home)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** What Coffer answers, near enough for the client to take its usual paths. */
  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      exchange.getRequestBody().readAllBytes();
      if (path.equals("/api/v1/files/docs/a.txt")) {
        var headers = exchange.getResponseHeaders();
        headers.set("ETag", "\"6-training\"");
        headers.set("Last-Modified", MODIFIED);
        headers.set(
            "Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(sha256()) + ":");
        headers.set("Content-Type", "text/plain");
        if (method.equals("HEAD")) {
          headers.set("Content-Length", Integer.toString(CONTENT.length));
          exchange.sendResponseHeaders(200, -1);
        } else {
          exchange.sendResponseHeaders(200, CONTENT.length);
          exchange.getResponseBody().write(CONTENT);
        }
      } else if (path.startsWith("/api/v1/files/docs")) {
        send(exchange, 400, "{\"code\":\"is-a-folder\",\"detail\":\"a folder\"}");
      } else if (path.startsWith("/api/v1/files/")) {
        send(exchange, 404, "{\"code\":\"not-found\",\"detail\":\"no such file\"}");
      } else if (path.startsWith("/api/v1/dirs")) {
        send(
            exchange,
            200,
            "{\"path\":\"docs\",\"entries\":["
                + "{\"path\":\"docs/a.txt\",\"name\":\"a.txt\",\"type\":\"file\",\"size\":6,"
                + "\"modified\":\"2026-12-01T17:41:04.663Z\",\"etag\":\"6-training\","
                + "\"sha256\":\"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\"},"
                + "{\"path\":\"docs/b\",\"name\":\"b\",\"type\":\"dir\",\"size\":0,"
                + "\"modified\":\"2026-12-01T17:41:04Z\"}],\"nextCursor\":null}");
      } else if (path.equals("/api/v1/keys")) {
        send(exchange, 200, "[{\"name\":\"k\",\"type\":\"aes256-gcm\",\"version\":1}]");
      } else if (path.equals("/api/v1/me")
          || path.equals("/api/v1/hash")
          || path.equals("/api/v1/random")
          || path.startsWith("/api/v1/keys/k/")) {
        // the account, and every crypto answer's field at once
        send(
            exchange,
            200,
            "{\"username\":\"training\",\"admin\":false,\"quotaBytes\":1048576,\"usedBytes\":6,"
                + "\"sum\":\"c3Vt\",\"random\":\"cmFuZG9t\",\"ciphertext\":\"Y2lwaGVydGV4dA==\","
                + "\"plaintext\":\"dGV4dA==\",\"text\":\"text\",\"signature\":\"c2lnbmF0dXJl\","
                + "\"hmac\":\"aG1hYw==\",\"valid\":true}");
      } else {
        send(exchange, 404, "{\"code\":\"not-found\",\"detail\":\"not here\"}");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .set("Content-Type", status < 300 ? "application/json" : "application/problem+json");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
    } else {
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static byte[] sha256() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(CONTENT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
