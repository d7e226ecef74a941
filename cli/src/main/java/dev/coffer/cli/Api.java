package dev.coffer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The REST API on the JDK's HTTP client: a base URL, a bearer token, JSON in and out, and every
 * refusal turned into a {@link Problem} that carries the server's code and detail.
 */
final class Api {

  static final Json JSON = new Json();
  private static final int MAX_PROBLEM_BYTES = 64 * 1024;
  private static final int UPLOAD_BUFFER = 1024 * 1024;

  private final String base;
  private final String authorization;
  private HttpClient http;

  Api(String url, String authorization) {
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.authorization = authorization;
  }

  /**
   * The JDK's HTTP client, built on first use: only what the older client cannot do needs it (a
   * {@code PATCH} with a JSON body, bodies streamed from a publisher). Its classes and its selector
   * thread were a third of every small command's start-up, which now never loads them.
   */
  private HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .followRedirects(HttpClient.Redirect.NEVER)
              // without these the client builds the default TLS context up front (key and trust
              // stores, cipher suites: about 0.15 s), also for a server on http://
              .sslContext(LazyTls.CONTEXT)
              .sslParameters(new SSLParameters())
              .build();
    }
    return http;
  }

  static Api bearer(String url, String token) {
    return new Api(url, "Bearer " + token);
  }

  String base() {
    return base;
  }

  /** Tells users apart without keeping their secret: a short hash of the credentials. */
  String identity() {
    try {
      byte[] h =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(authorization).getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  URI uri(String pathAndQuery) {
    return URI.create(pathAndQuery.startsWith("http") ? pathAndQuery : base + pathAndQuery);
  }

  ObjectNode object() {
    return JSON.createObjectNode();
  }

  JsonNode get(String path) {
    return json("GET", path, null);
  }

  JsonNode post(String path, JsonNode body) {
    return json("POST", path, body);
  }

  /** A JSON call; the parsed answer, or null for an empty one (204). */
  JsonNode json(String method, String path, JsonNode body) {
    byte[] answer;
    if (method.equals("PATCH")) {
      // the older client knows no PATCH, and the keys API has no method override
      HttpRequest.Builder b = request(path).header("Accept", "application/json");
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      HttpResponse<byte[]> r = send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() >= 300) {
        throw problem(r.statusCode(), r.body());
      }
      answer = r.body();
    } else {
      Reply r =
          call(
              method,
              path,
              body == null
                  ? Map.of("Accept", "application/json")
                  : Map.of("Accept", "application/json", "Content-Type", "application/json"),
              body == null ? null : JSON.writeValueAsBytes(body));
      if (r.status() >= 300) {
        throw problem(r.status(), r.body());
      }
      answer = r.body();
    }
    if (answer.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(answer);
    } catch (JacksonException e) {
      throw new LocalError("the server answered " + path + " with something that is not JSON");
    }
  }

  /** Sends; a network failure becomes a {@link Problem} with exit code 8. */
  <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http().send(request, handler);
    } catch (IOException e) {
      throw networkProblem(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalError("interrupted");
    }
  }

  /** A status and the start of the body (a problem's, say). */
  record Answer(int status, byte[] body) {}

  /** A short request's answer: its status, its headers, and its body (a refusal's, capped). */
  record Reply(int status, HttpURLConnection connection, byte[] body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(connection.getHeaderField(name));
    }
  }

  /**
   * A short request (no body, or a small one held in memory) on the JDK's older client, which
   * java.base carries and the JDK's class-data archive holds: a small command never loads the HTTP
   * client's classes or starts its threads. Any method but {@code PATCH}. A network failure becomes
   * a {@link Problem} with exit code 8, as in {@link #send}.
   */
  Reply call(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
    try {
      return callOnce(method, pathAndQuery, headers, body);
    } catch (Problem p) {
      // A GET or HEAD may have met a kept-alive connection that the server or the network closed
      // while it sat idle (during an upload on a connection of its own, say): it asks once more,
      // on a new one. Both are safe to repeat; no other method is.
      boolean idempotent = method.equals("GET") || method.equals("HEAD");
      if (!idempotent || !"connection-lost".equals(p.code())) {
        throw p;
      }
      return callOnce(method, pathAndQuery, headers, body);
    }
  }

  private Reply callOnce(
      String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
    try {
      HttpURLConnection u = open(pathAndQuery, headers);
      u.setRequestMethod(method);
      if (body != null) {
        // held, not streamed: the older client then answers a 401 instead of failing to retry it
        u.setDoOutput(true);
        try (OutputStream out = u.getOutputStream()) {
          out.write(body);
        }
      }
      int status = u.getResponseCode();
      InputStream in = status >= 400 ? u.getErrorStream() : u.getInputStream();
      byte[] answer = new byte[0];
      if (in != null) {
        try (in) {
          answer = status >= 300 ? in.readNBytes(MAX_PROBLEM_BYTES) : in.readAllBytes();
        }
      }
      return new Reply(status, u, answer);
    } catch (IOException e) {
      throw networkProblem(e);
    }
  }

  private HttpURLConnection open(String pathAndQuery, Map<String, String> headers)
      throws IOException {
    HttpURLConnection u = (HttpURLConnection) uri(pathAndQuery).toURL().openConnection();
    u.setInstanceFollowRedirects(false);
    u.setConnectTimeout(10_000);
    u.setUseCaches(false);
    if (authorization != null) {
      u.setRequestProperty("Authorization", authorization);
    }
    headers.forEach(u::setRequestProperty);
    return u;
  }

  /**
   * Sends {@code length} bytes of {@code file} from {@code offset} as the body of {@code method}:
   * to a server on plain {@code http://} reached without a proxy with the kernel's {@code sendfile}
   * ({@link FileBody}), to any other through {@link #stream}. A network failure becomes a {@link
   * Problem} with exit code 8, as in {@link #send}.
   */
  Answer upload(
      String pathAndQuery,
      String method,
      Map<String, String> headers,
      Path file,
      long offset,
      long length,
      Progress progress) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new LocalError("cannot read " + file + ": " + e.getMessage());
    }
    URI uri = uri(pathAndQuery);
    try (channel) {
      if (!FileBody.applies(uri)) {
        InputStream body = progress.counting(Channels.newInputStream(channel.position(offset)));
        return stream(pathAndQuery, method, headers, length, body);
      }
      Map<String, String> all = new LinkedHashMap<>();
      if (authorization != null) {
        all.put("Authorization", authorization);
      }
      all.put("Accept", "application/json");
      all.putAll(headers);
      return FileBody.send(
          uri,
          method,
          all,
          channel,
          offset,
          length,
          progress,
          MAX_PROBLEM_BYTES,
          FileBody::copiesTo);
    } catch (IOException e) {
      throw networkProblem(e);
    }
  }

  /**
   * Streams {@code length} bytes of {@code body} as the body of {@code method}, on one blocking
   * connection of the JDK's older client: the HTTP client above passes every slice of an upload
   * between its threads, and on a busy machine that took it to half of curl's speed; this writes
   * from the calling thread, as curl does. That client cannot send {@code PATCH}, so that request
   * is a {@code POST} that {@code X-HTTP-Method-Override} turns into a {@code PATCH} (tus defines
   * it). A network failure becomes a {@link Problem} with exit code 8, as in {@link #send}.
   */
  Answer stream(
      String pathAndQuery,
      String method,
      Map<String, String> headers,
      long length,
      InputStream body) {
    HttpURLConnection u;
    try {
      u = open(pathAndQuery, headers);
      u.setDoOutput(true);
      u.setFixedLengthStreamingMode(length);
      if (method.equals("PATCH")) {
        u.setRequestMethod("POST");
        u.setRequestProperty("X-HTTP-Method-Override", method);
      } else {
        u.setRequestMethod(method);
      }
      u.setRequestProperty("Accept", "application/json");
    } catch (IOException e) {
      throw networkProblem(e);
    }
    IOException cut = null;
    try (OutputStream out = u.getOutputStream()) {
      byte[] buffer = new byte[UPLOAD_BUFFER];
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      cut = e; // the server may have refused early and said why: read that first
    }
    try {
      int status = u.getResponseCode();
      InputStream in = status >= 400 ? u.getErrorStream() : u.getInputStream();
      byte[] answer = new byte[0];
      if (in != null) {
        try (in) {
          answer = in.readNBytes(MAX_PROBLEM_BYTES);
        }
      }
      return new Answer(status, answer);
    } catch (HttpRetryException e) {
      // a streamed body cannot be sent again, so the older client gives up on a 401 unread
      return new Answer(e.responseCode(), new byte[0]);
    } catch (IOException e) {
      throw networkProblem(cut != null ? cut : e);
    }
  }

  /**
   * A 2xx (or 304) answer to a {@link #fetch}: its status, headers and body, as a stream and, from
   * {@link FileFetch}, also as the socket channel that a download reads into buffers outside the
   * heap (null from the JDK's client).
   */
  record Fetched(
      int status, Map<String, String> headers, InputStream body, ReadableByteChannel channel) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
  }

  /**
   * A {@code GET} whose body is read on the calling thread from one blocking connection (as {@link
   * #stream(String, String, Map, long, InputStream)} writes one): the HTTP client reads on its own
   * thread and queues each slice for the reader, which on a busy machine made a download less than
   * half as fast as curl's. With {@code direct}, a server on plain {@code http://} reached without
   * a proxy is asked through {@link FileFetch}, whose body a download reads from the socket channel
   * without a copy through the heap. A refusal's problem is read and thrown.
   */
  Fetched fetch(String pathAndQuery, Map<String, String> headers, boolean direct) {
    URI uri = uri(pathAndQuery);
    if (direct && FileBody.applies(uri)) {
      Map<String, String> all = new LinkedHashMap<>();
      if (authorization != null) {
        all.put("Authorization", authorization);
      }
      all.putAll(headers);
      FileFetch.Answer a;
      try {
        a = FileFetch.open(uri, all);
      } catch (IOException e) {
        throw networkProblem(e);
      }
      if (a != null) {
        if (a.status() >= 300 && a.status() != 304) {
          try (FileFetch.Body body = a.body()) {
            throw problem(a.status(), body.readUpTo(MAX_PROBLEM_BYTES));
          } catch (IOException e) {
            throw new Problem(a.status(), null, "HTTP " + a.status());
          }
        }
        return new Fetched(a.status(), a.headers(), Channels.newInputStream(a.body()), a.body());
      }
      // a chunked answer: the JDK's client below reads those
    }
    try {
      HttpURLConnection u = open(pathAndQuery, headers);
      int status = u.getResponseCode();
      if (status >= 300 && status != 304) {
        InputStream err = u.getErrorStream();
        byte[] body = new byte[0];
        if (err != null) {
          try (err) {
            body = err.readNBytes(MAX_PROBLEM_BYTES);
          }
        }
        throw problem(status, body);
      }
      Map<String, String> named = new LinkedHashMap<>();
      u.getHeaderFields()
          .keySet()
          .forEach(
              name -> {
                if (name != null) {
                  named.put(name.toLowerCase(Locale.ROOT), u.getHeaderField(name));
                }
              });
      return new Fetched(status, named, u.getInputStream(), null);
    } catch (IOException e) {
      throw networkProblem(e);
    }
  }

  private Problem networkProblem(IOException e) {
    if (e instanceof ConnectException) {
      return new Problem(503, "unreachable", "cannot reach " + base);
    }
    if (e instanceof SocketTimeoutException || e instanceof HttpTimeoutException) {
      return new Problem(504, "timeout", "no answer from " + base);
    }
    return new Problem(
        503, "connection-lost", "the connection to " + base + " broke: " + e.getMessage());
  }

  /** Sends and insists on a 2xx answer; a refusal's problem body is read and thrown. */
  HttpResponse<InputStream> stream(HttpRequest request) {
    HttpResponse<InputStream> r = send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() >= 300 && r.statusCode() != 304) {
      throw problem(r);
    }
    return r;
  }

  static Problem problem(HttpResponse<InputStream> r) {
    try (InputStream in = r.body()) {
      return problem(r.statusCode(), in.readNBytes(MAX_PROBLEM_BYTES));
    } catch (IOException e) {
      return new Problem(r.statusCode(), null, "HTTP " + r.statusCode());
    }
  }

  static Problem problem(int status, byte[] body) {
    try {
      JsonNode p = JSON.readTree(body);
      String detail = text(p, "detail");
      if (detail == null) {
        detail = text(p, "title");
      }
      return new Problem(status, text(p, "code"), detail == null ? "HTTP " + status : detail);
    } catch (JacksonException | IllegalArgumentException e) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      return new Problem(
          status,
          null,
          "HTTP " + status + (text.isEmpty() || text.length() > 200 ? "" : ": " + text));
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }
}
