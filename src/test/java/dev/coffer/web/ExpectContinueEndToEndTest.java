package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A client that sends {@code Expect: 100-continue} hears a refusal decided before the body at once,
 * without being told to send the body first; an accepted request is told to go on and is stored.
 */
class ExpectContinueEndToEndTest extends EndToEndTest {

  private static final int LENGTH = 4 * 1024 * 1024;

  @Test
  void putWhenCredentialsRefusedThen401WithoutContinueAndNoBodyNeeded() throws IOException {
    try (Socket socket = open()) {
      send(socket, "PUT", "/api/v1/files/expect/refused.bin", ADMIN, "wrong", "", LENGTH);
      String head = readHead(socket.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 401").doesNotContain("100 Continue");
      assertThat(head.toLowerCase(Locale.ROOT)).contains("connection: close");
    }
    asAdmin().get("/api/v1/files/expect/refused.bin").then().statusCode(404);
  }

  @Test
  void putWhenAcceptedThenContinueFirstAndTheWholeBodyStored() throws IOException {
    byte[] body = new byte[LENGTH];
    new Random(7).nextBytes(body);
    try (Socket socket = open()) {
      send(socket, "PUT", "/api/v1/files/expect/stored.bin", ADMIN, ADMIN_PASSWORD, "", LENGTH);
      InputStream in = socket.getInputStream();
      assertThat(readHead(in)).startsWith("HTTP/1.1 100");
      OutputStream out = socket.getOutputStream();
      out.write(body);
      out.flush();
      assertThat(readHead(in)).startsWith("HTTP/1.1 201");
    }
    byte[] back = asAdmin().get("/api/v1/files/expect/stored.bin").then().extract().asByteArray();
    assertThat(Arrays.equals(back, body)).as("the stored file is the body sent").isTrue();
  }

  @Test
  void tusPatchWhenOffsetWrongThen409ProblemBeforeTheBody() throws IOException {
    String location =
        asAdmin()
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", Integer.toString(LENGTH))
            .header(
                "Upload-Metadata",
                "path "
                    + Base64.getEncoder()
                        .encodeToString("expect/tus.bin".getBytes(StandardCharsets.UTF_8)))
            .post("/api/v1/uploads")
            .then()
            .statusCode(201)
            .extract()
            .header("Location");
    String path = location.substring(location.indexOf("/api/"));
    try (Socket socket = open()) {
      send(
          socket,
          "PATCH",
          path,
          ADMIN,
          ADMIN_PASSWORD,
          "Tus-Resumable: 1.0.0\r\nUpload-Offset: 1024\r\n"
              + "Content-Type: application/offset+octet-stream\r\n",
          LENGTH - 1024);
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 409");
      String problem = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(problem).contains("\"code\":\"offset-conflict\"").contains("holds 0 bytes");
    }
  }

  private Socket open() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    return socket;
  }

  /** Sends only the head of a request that expects 100-continue before its {@code length}. */
  private static void send(
      Socket socket,
      String method,
      String path,
      String user,
      String password,
      String extraHeaders,
      long length)
      throws IOException {
    String credentials =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
            + credentials
            + "\r\n"
            + extraHeaders
            + "Content-Length: "
            + length
            + "\r\nExpect: 100-continue\r\n\r\n";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** Reads one response head (status line and headers, up to the empty line). */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
