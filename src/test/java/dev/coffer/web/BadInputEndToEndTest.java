package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import dev.coffer.support.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile clients over raw HTTP: every class of bad input, on every JSON endpoint, is a 4xx (or a
 * protocol 5xx with its own code) in problem+json, and never a 500.
 */
class BadInputEndToEndTest extends EndToEndTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Every endpoint that reads a JSON body, with a body it would accept. */
  static final List<String[]> JSON_ENDPOINTS =
      List.of(
          new String[] {"POST", "/api/v1/tokens", "{\"name\":\"t\"}"},
          new String[] {"POST", "/api/v1/users", "{\"username\":\"u\",\"password\":\"p\"}"},
          new String[] {"PATCH", "/api/v1/users/admin", "{\"quotaBytes\":1}"},
          new String[] {"PUT", "/api/v1/me/password", "{\"currentPassword\":\"a\"}"},
          new String[] {"POST", "/api/v1/keys", "{\"name\":\"k\"}"},
          new String[] {"POST", "/api/v1/keys/import", "{\"name\":\"k\"}"},
          new String[] {"PATCH", "/api/v1/keys/k", "{\"exportable\":true}"},
          new String[] {"POST", "/api/v1/keys/k/encrypt", "{\"text\":\"x\"}"},
          new String[] {"POST", "/api/v1/keys/k/decrypt", "{\"ciphertext\":\"x\"}"},
          new String[] {"POST", "/api/v1/keys/k/rewrap", "{\"ciphertext\":\"x\"}"},
          new String[] {"POST", "/api/v1/keys/k/datakey", "{}"},
          new String[] {"POST", "/api/v1/keys/k/sign", "{\"input\":\"eA==\"}"},
          new String[] {"POST", "/api/v1/keys/k/verify", "{\"input\":\"eA==\"}"},
          new String[] {"POST", "/api/v1/keys/k/hmac", "{\"input\":\"eA==\"}"},
          new String[] {"POST", "/api/v1/random", "{\"bytes\":4}"},
          new String[] {"POST", "/api/v1/hash", "{\"input\":\"eA==\"}"},
          new String[] {"POST", "/api/v1/ops/move", "{\"from\":\"a\",\"to\":\"b\"}"},
          new String[] {"POST", "/api/v1/ops/copy", "{\"from\":\"a\",\"to\":\"b\"}"});

  static final List<String> BAD_CONTENT_TYPES =
      List.of(
          "*/*",
          "*",
          "application/*",
          "application/*+json",
          "text/*",
          "multipart/*",
          "multipart/form-data",
          "multipart/form-data; boundary=xyz",
          "application/x-www-form-urlencoded",
          "text/plain",
          "application/xml");

  static Stream<Arguments> badContentTypes() {
    List<Arguments> cases = new ArrayList<>();
    for (String[] endpoint : JSON_ENDPOINTS) {
      for (String type : BAD_CONTENT_TYPES) {
        cases.add(Arguments.of(type, endpoint[0], endpoint[1], endpoint[2]));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1} {2} as {0}")
  @MethodSource("badContentTypes")
  void jsonEndpointWhenContentTypeIsNotJsonThen415(
      String type, String method, String path, String body) throws IOException {
    RawHttp.Response response =
        exchange(method, path, "Content-Type: " + type, body.getBytes(StandardCharsets.UTF_8));
    assertProblem(response, 415, "unsupported-media-type");
  }

  static Stream<Arguments> malformedBodies() {
    List<Arguments> cases = new ArrayList<>();
    List<byte[]> bodies =
        List.of(
            "{".getBytes(StandardCharsets.US_ASCII),
            "null".getBytes(StandardCharsets.US_ASCII),
            "[]".getBytes(StandardCharsets.US_ASCII),
            new byte[0],
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
            "{\u0000}".getBytes(StandardCharsets.UTF_8),
            ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.US_ASCII));
    for (String[] endpoint : JSON_ENDPOINTS) {
      for (int i = 0; i < bodies.size(); i++) {
        cases.add(Arguments.of(i, endpoint[0], endpoint[1], bodies.get(i)));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1} {2} with malformed body #{0}")
  @MethodSource("malformedBodies")
  void jsonEndpointWhenBodyIsMalformedThen4xxProblem(
      int index, String method, String path, byte[] body) throws IOException {
    RawHttp.Response response = exchange(method, path, "Content-Type: application/json", body);
    assertThat(response.status()).as(text(response)).isBetween(400, 499);
    assertProblemJson(response);
  }

  static Stream<Arguments> jsonEndpoints() {
    return JSON_ENDPOINTS.stream().map(e -> Arguments.of(e[0], e[1], e[2]));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("jsonEndpoints")
  void jsonEndpointWhenContentTypeHoldsRawNonAsciiBytesThen4xxProblem(
      String method, String path, String body) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.write(
        (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authorization())
            .getBytes(StandardCharsets.US_ASCII));
    request.write(
        "Content-Type: application/json; charset=x-\u20ac\r\n".getBytes(StandardCharsets.UTF_8));
    byte[] json = body.getBytes(StandardCharsets.UTF_8);
    request.write(
        ("Content-Length: " + json.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    request.write(json);
    RawHttp.Response response = RawHttp.send(port, request.toByteArray());
    assertThat(response.status()).as(text(response)).isBetween(400, 499);
    assertProblemJson(response);
  }

  static Stream<Arguments> protocolErrors() {
    List<Arguments> cases = new ArrayList<>();
    for (String[] endpoint : JSON_ENDPOINTS) {
      cases.add(Arguments.of("CONNECT", endpoint[1], 501, "not-implemented"));
      cases.add(Arguments.of("HTTP/9.9", endpoint[1], 505, "http-version-not-supported"));
      cases.add(Arguments.of("Transfer-Encoding: gzip", endpoint[1], 501, "not-implemented"));
      cases.add(
          Arguments.of("Transfer-Encoding: foo, chunked", endpoint[1], 501, "not-implemented"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("protocolErrors")
  void requestWhenItBreaksHttpThenItsOwnStatusAndCode(
      String breakage, String path, int status, String code) throws IOException {
    String request =
        switch (breakage) {
          case "CONNECT" -> "CONNECT " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
          case "HTTP/9.9" -> "POST " + path + " HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n";
          default ->
              "POST "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + authorization()
                  + "Content-Type: application/json\r\n"
                  + breakage
                  + "\r\nConnection: close\r\n\r\n0\r\n\r\n";
        };
    RawHttp.Response response = RawHttp.send(port, request.getBytes(StandardCharsets.US_ASCII));
    assertProblem(response, status, code);
  }

  static Stream<Arguments> malformedMultiparts() {
    String part =
        "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n";
    return Stream.of(
        Arguments.of("no boundary", "multipart/form-data", part),
        Arguments.of("truncated", "multipart/form-data; boundary=XX", part.substring(0, 70)),
        Arguments.of(
            "NUL in the file name",
            "multipart/form-data; boundary=XX",
            part.replace("a.txt", "a\u0000b.txt")),
        Arguments.of(
            "broken filename*",
            "multipart/form-data; boundary=XX",
            part.replace("filename=\"a.txt\"", "filename*=UTF-8''%ZZ")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedMultiparts")
  void formUploadWhenMultipartIsMalformedThen400(String name, String type, String body)
      throws IOException {
    RawHttp.Response response =
        exchange(
            "POST",
            "/api/v1/files/bad-input",
            "Content-Type: " + type,
            body.getBytes(StandardCharsets.ISO_8859_1));
    assertProblem(response, 400, "malformed-multipart");
  }

  @Test
  void formUploadWhenBodyBreaksOffThen400() throws IOException {
    byte[] part =
        ("--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhel")
            .getBytes(StandardCharsets.US_ASCII);
    RawHttp.Response response =
        RawHttp.post(
            port,
            "/api/v1/files/bad-input",
            ADMIN,
            ADMIN_PASSWORD,
            "multipart/form-data; boundary=XX",
            part,
            part.length + 100);
    assertThat(response.status()).as(text(response)).isEqualTo(400);
    assertProblemJson(response);
  }

  @ParameterizedTest
  @ValueSource(strings = {"100%;done.txt", "100% done.txt", "a;b.txt", "dir;v=1/x.txt"})
  void nameWhenItHoldsPercentOrSemicolonThenRefusedEverywhereAtCreation(String name)
      throws IOException {
    String user = newUser("names");
    as(user).body("x").put("/api/v1/files/source.txt").then().statusCode(201);
    for (String op : List.of("copy", "move")) {
      byte[] body = JSON.writeValueAsBytes(Map.of("from", "source.txt", "to", "d/" + name));
      assertNamingProblem(
          exchange(user, "POST", "/api/v1/ops/" + op, "Content-Type: application/json", body));
    }
    for (String key : List.of("path", "filename")) {
      String metadata =
          key + " " + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8));
      assertNamingProblem(
          exchange(
              user,
              "POST",
              "/api/v1/uploads",
              "Tus-Resumable: 1.0.0\r\nUpload-Length: 1\r\nUpload-Metadata: " + metadata,
              new byte[0]));
    }
    String form =
        "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + name
            + "\"\r\n\r\nhello\r\n--XX--\r\n";
    assertNamingProblem(
        exchange(
            user,
            "POST",
            "/api/v1/files/d",
            "Content-Type: multipart/form-data; boundary=XX",
            form.getBytes(StandardCharsets.UTF_8)));
    RawHttp.Response listing = exchange(user, "GET", "/api/v1/dirs/", "", null);
    assertThat(new String(listing.body(), StandardCharsets.UTF_8)).doesNotContain("done");
  }

  @Test
  void tusPatchWhenContentLengthWouldOverflowThen413() throws IOException {
    String metadata = "path " + Base64.getEncoder().encodeToString("tus/over.bin".getBytes());
    RawHttp.Response created =
        exchange(
            "POST",
            "/api/v1/uploads",
            "Tus-Resumable: 1.0.0\r\nUpload-Length: 10\r\nUpload-Metadata: " + metadata,
            new byte[0]);
    assertThat(created.status()).isEqualTo(201);
    String location = URI.create(created.headers().get("location")).getPath();
    String chunk = "Tus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\n";
    assertThat(exchange("PATCH", location, chunk + "Upload-Offset: 0", new byte[] {'a'}).status())
        .isEqualTo(204);
    String request =
        "PATCH "
            + location
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + authorization()
            + chunk
            + "Upload-Offset: 1\r\nContent-Length: "
            + Long.MAX_VALUE
            + "\r\nConnection: close\r\n\r\n"
            + "b".repeat(30);
    RawHttp.Response response = RawHttp.send(port, request.getBytes(StandardCharsets.US_ASCII));
    assertProblem(response, 413, "exceeds-upload-length");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/actuator/health/db", "/actuator/health/no-such-component"})
  void healthComponentWhenNotShownThen404ProblemWithBody(String path) throws IOException {
    RawHttp.Response response =
        RawHttp.send(
            port,
            ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    assertProblem(response, 404, "not-found");
  }

  private RawHttp.Response exchange(String method, String path, String headers, byte[] body)
      throws IOException {
    return exchange(ADMIN, method, path, headers, body);
  }

  private RawHttp.Response exchange(
      String user, String method, String path, String headers, byte[] body) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + authorization(user)
            + (headers.isEmpty() ? "" : headers + "\r\n")
            + (body == null ? "" : "Content-Length: " + body.length + "\r\n")
            + "Connection: close\r\n\r\n";
    request.write(head.getBytes(StandardCharsets.UTF_8));
    if (body != null) {
      request.write(body);
    }
    return RawHttp.send(port, request.toByteArray());
  }

  private static String authorization() {
    return authorization(ADMIN);
  }

  private static String authorization(String user) {
    String password = ADMIN.equals(user) ? ADMIN_PASSWORD : passwordOf(user);
    return "Authorization: Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))
        + "\r\n";
  }

  private static void assertNamingProblem(RawHttp.Response response) {
    JsonNode problem = assertProblem(response, 400, "invalid-path");
    assertThat(problem.get("detail").asString()).contains("'%' or ';'");
  }

  private static JsonNode assertProblem(RawHttp.Response response, int status, String code) {
    assertThat(response.status()).as(text(response)).isEqualTo(status);
    JsonNode problem = assertProblemJson(response);
    assertThat(problem.get("code").asString()).isEqualTo(code);
    return problem;
  }

  private static JsonNode assertProblemJson(RawHttp.Response response) {
    assertThat(response.headers().get("content-type"))
        .as(text(response))
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(response.status());
    assertThat(problem.get("code").asString()).isNotEqualTo("internal-error");
    assertThat(problem.get("detail").asString()).isNotBlank();
    return problem;
  }

  private static String text(RawHttp.Response response) {
    return response.status() + " " + new String(response.body(), StandardCharsets.UTF_8);
  }
}
