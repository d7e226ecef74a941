package dev.coffer.files.tus;

import static dev.coffer.files.tus.TusProtocolEndToEndTest.CHUNK;
import static dev.coffer.files.tus.TusProtocolEndToEndTest.UPLOADS;
import static dev.coffer.files.tus.TusProtocolEndToEndTest.bytes;
import static dev.coffer.files.tus.TusProtocolEndToEndTest.meta;
import static dev.coffer.files.tus.TusProtocolEndToEndTest.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coffer.files.storage.Storage;
import dev.coffer.support.EndToEndTest;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Requests racing on one upload never corrupt it: one writer at a time, the rest refused. */
class TusConcurrencyEndToEndTest extends EndToEndTest {

  @Autowired private Storage storage;
  @Autowired private TusService service;
  @Autowired private org.springframework.jdbc.core.simple.JdbcClient jdbc;

  private String alice;

  @BeforeEach
  void user() {
    alice = newUser("alice");
  }

  @Test
  void patchWhileAnotherPatchStreamsThen409AndDeleteThen423AndTheFirstWinsWhole() throws Exception {
    byte[] data = bytes(2_000_000, 7);
    String id = create(data.length, "race.bin");
    try (Socket first = openPatch(id, 0, data.length)) {
      OutputStream out = first.getOutputStream();
      out.write(data, 0, 1_000_000);
      out.flush();
      awaitPartialLength(id, 1_000_000);

      // Same offset, and the offset a HEAD now reports: both refused while the first streams.
      tus()
          .header("Upload-Offset", "0")
          .contentType(CHUNK)
          .body(bytes(10, 8))
          .patch(upload(id))
          .then()
          .statusCode(409);
      String offset =
          tus().head(upload(id)).then().statusCode(200).extract().header("Upload-Offset");
      assertThat(Long.parseLong(offset)).isBetween(0L, 1_000_000L);
      tus()
          .header("Upload-Offset", offset)
          .contentType(CHUNK)
          .body(bytes(10, 9))
          .patch(upload(id))
          .then()
          .statusCode(409);
      tus()
          .delete(upload(id))
          .then()
          .statusCode(423)
          .body("code", org.hamcrest.Matchers.equalTo("upload-busy"));

      out.write(data, 1_000_000, data.length - 1_000_000);
      out.flush();
      assertThat(status(first.getInputStream())).isEqualTo(204);
    }
    assertThat(as(alice).get("/api/v1/files/race.bin").asByteArray()).isEqualTo(data);
  }

  @Test
  void patchesRacingFromOneOffsetThenExactlyOneLandsWhole() throws Exception {
    int racers = 4;
    int size = 3_000_000;
    String id = create(size, "many.bin");
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      bodies.add(bytes(size, 100 + i));
    }
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (byte[] body : bodies) {
        results.add(
            pool.submit(
                () -> {
                  try (Socket socket = openPatch(id, 0, body.length)) {
                    go.await();
                    OutputStream out = socket.getOutputStream();
                    for (int at = 0; at < body.length; at += 64 * 1024) {
                      out.write(body, at, Math.min(64 * 1024, body.length - at));
                    }
                    out.flush();
                    return status(socket.getInputStream());
                  } catch (IOException e) {
                    return -1; // refused before the whole body was sent
                  }
                }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> result : results) {
        statuses.add(result.get());
      }
      assertThat(statuses).containsOnlyOnce(204);
      assertThat(statuses).allMatch(s -> s == 204 || s == 409 || s == -1);
    } finally {
      pool.shutdownNow();
    }
    byte[] stored = as(alice).get("/api/v1/files/many.bin").asByteArray();
    assertThat(bodies).anySatisfy(body -> assertThat(stored).isEqualTo(body));
    assertThat(as(alice).get("/api/v1/me").jsonPath().getLong("usedBytes")).isEqualTo(size);
  }

  private RequestSpecification tus() {
    return as(alice).header("Tus-Resumable", "1.0.0");
  }

  private String create(long length, String path) {
    String location =
        tus()
            .header("Upload-Length", Long.toString(length))
            .header("Upload-Metadata", meta("path", path))
            .post(UPLOADS)
            .then()
            .statusCode(201)
            .extract()
            .header("Location");
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private Socket openPatch(String id, long offset, long length) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    String auth =
        Base64.getEncoder()
            .encodeToString((alice + ":" + passwordOf(alice)).getBytes(StandardCharsets.UTF_8));
    String head =
        "PATCH "
            + upload(id)
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
            + auth
            + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: "
            + offset
            + "\r\nContent-Type: "
            + CHUNK
            + "\r\nContent-Length: "
            + length
            + "\r\nConnection: close\r\n\r\n";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  private static int status(InputStream in) throws IOException {
    byte[] line = new byte[12];
    int n = in.readNBytes(line, 0, line.length);
    return Integer.parseInt(new String(line, 0, n, StandardCharsets.US_ASCII).substring(9, 12));
  }

  private void awaitPartialLength(String id, long length) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> storage.partials().length(alice, id) >= length);
  }
}
