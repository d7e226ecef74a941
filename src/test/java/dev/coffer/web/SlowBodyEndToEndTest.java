package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Bodies must average 1 KiB/s over every second here, and may pause at most 2 s: a trickle or a
 * stall is cut off (nothing stored), while a slow body above the rate is stored as usual.
 */
@TestPropertySource(
    properties = {
      "coffer.http.min-body-rate=1KB",
      "coffer.http.body-rate-window=1s",
      "coffer.http.body-read-timeout=2s"
    })
class SlowBodyEndToEndTest extends EndToEndTest {

  private final ExecutorService senders = Executors.newCachedThreadPool();

  @AfterEach
  void stopSenders() throws InterruptedException {
    senders.shutdownNow();
    senders.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void bodyWhenTricklingBelowTheMinimumRateThenCutOffAndNothingStored() throws Exception {
    try (Socket socket = openPut("/api/v1/files/slow/trickle.bin", 1024 * 1024)) {
      senders.submit(() -> send(socket, 16, 100, 1024 * 1024 / 16));

      String answer = readToEnd(socket);

      assertThat(answer).doesNotStartWith("HTTP/1.1 2");
    }
    asAdmin().get("/api/v1/files/slow/trickle.bin").then().statusCode(404);
  }

  @Test
  void bodyWhenStalledLongerThanTheReadTimeoutThenCutOffAndNothingStored() throws Exception {
    try (Socket socket = openPut("/api/v1/files/slow/stall.bin", 1024 * 1024)) {
      socket.getOutputStream().write(new byte[16]);

      String answer = readToEnd(socket);

      assertThat(answer).doesNotStartWith("HTTP/1.1 2");
    }
    asAdmin().get("/api/v1/files/slow/stall.bin").then().statusCode(404);
  }

  @Test
  void bodyWhenSlowButAboveTheMinimumRateThenStored() throws Exception {
    int size = 256 * 1024;
    try (Socket socket = openPut("/api/v1/files/slow/steady.bin", size)) {
      senders.submit(() -> send(socket, 16 * 1024, 50, size / (16 * 1024)));

      String answer = readToEnd(socket);

      assertThat(answer).startsWith("HTTP/1.1 201");
    }
    asAdmin().get("/api/v1/files/slow/steady.bin").then().statusCode(200);
  }

  private Socket openPut(String path, long length) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    String credentials =
        Base64.getEncoder()
            .encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    String head =
        "PUT "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
            + credentials
            + "\r\nConnection: close\r\nContent-Length: "
            + length
            + "\r\n\r\n";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  /** Sends {@code pieces} pieces of {@code piece} bytes, {@code pauseMillis} apart. */
  private static Void send(Socket socket, int piece, long pauseMillis, int pieces)
      throws IOException, InterruptedException {
    OutputStream out = socket.getOutputStream();
    for (int i = 0; i < pieces; i++) {
      out.write(new byte[piece]);
      out.flush();
      // the slowness is the behaviour under test: a client that sends its body at this pace
      Thread.sleep(pauseMillis);
    }
    return null;
  }

  /** What the server answered, up to the end of the connection (fails on the client timeout). */
  private static String readToEnd(Socket socket) throws IOException {
    StringBuilder answer = new StringBuilder();
    byte[] buffer = new byte[8192];
    try {
      for (int n = socket.getInputStream().read(buffer);
          n >= 0;
          n = socket.getInputStream().read(buffer)) {
        answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (java.net.SocketException reset) {
      // the server cut the connection: that is an end too
    }
    return answer.toString();
  }
}
