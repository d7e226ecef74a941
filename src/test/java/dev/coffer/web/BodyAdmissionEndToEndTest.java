package dev.coffer.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * At most two bodies are received at once here: a third is a 503 with Retry-After straight away,
 * while requests without a body are served as usual, and the place comes back when a body ends.
 */
@TestPropertySource(properties = "coffer.http.max-concurrent-bodies=2")
class BodyAdmissionEndToEndTest extends EndToEndTest {

  @Test
  void bodyWhenAllPlacesTakenThen503WithRetryAfterAndOtherRequestsStillServed() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      slow.add(startSlowUpload("/api/v1/files/admission/one.bin"));
      slow.add(startSlowUpload("/api/v1/files/admission/two.bin"));
      await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() == 2);

      try (Socket third = startSlowUpload("/api/v1/files/admission/three.bin")) {
        String answer = readAll(third);
        assertThat(answer).startsWith("HTTP/1.1 503");
        assertThat(answer).containsIgnoringCase("Retry-After: 5");
        assertThat(answer).contains("\"code\":\"busy\"").contains("max-concurrent-bodies");
      }
      asAdmin().get("/api/v1/me").then().statusCode(200);

      slow.remove(0).close();
      await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() == 1);
      asAdmin()
          .contentType(ContentType.BINARY)
          .body("hello".getBytes(StandardCharsets.UTF_8))
          .put("/api/v1/files/admission/four.bin")
          .then()
          .statusCode(201);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() == 0);
  }

  @Test
  void bodyWhenRefusedByTheHandlerThenTheAnswerIsCompleteAndThePlaceFreed() {
    byte[] body = new byte[3 * 1024 * 1024];
    given()
        .contentType(ContentType.BINARY)
        .body(body)
        .put("/api/v1/files/admission/anonymous.bin")
        .then()
        .statusCode(401)
        .body("code", equalTo("unauthorized"));
    await().atMost(Duration.ofSeconds(30)).until(() -> inFlight() == 0);
  }

  private int inFlight() {
    Number value =
        given()
            .header("Authorization", "Bearer " + SCRAPE_TOKEN)
            .get("/actuator/prometheus")
            .then()
            .statusCode(200)
            .extract()
            .asString()
            .lines()
            .filter(line -> line.startsWith("coffer_http_bodies_in_flight "))
            .map(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
            .findFirst()
            .orElseThrow();
    return value.intValue();
  }

  /** A PUT that announces 1 MiB and sends 16 bytes of it, then waits. */
  private Socket startSlowUpload(String path) throws IOException {
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
            + "\r\nContent-Length: 1048576\r\n\r\n";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().write(new byte[16]);
    socket.getOutputStream().flush();
    return socket;
  }

  private static String readAll(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }
}
