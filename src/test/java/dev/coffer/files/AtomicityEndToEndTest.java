package dev.coffer.files;

import static dev.coffer.files.FilesEndToEndTest.bytes;
import static dev.coffer.files.FilesEndToEndTest.files;
import static dev.coffer.files.FilesEndToEndTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coffer.support.EndToEndTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Uploads appear whole or not at all, whatever happens on the wire. */
@ExtendWith(OutputCaptureExtension.class)
class AtomicityEndToEndTest extends EndToEndTest {

  private String alice;
  private RawHttp http;

  @BeforeEach
  void user() {
    alice = newUser("alice");
    http = new RawHttp(port, alice, passwordOf(alice));
  }

  @Test
  void uploadWhenCutOffMidBodyThenNoFileNoTempAndLoggedAsAborted(CapturedOutput output)
      throws Exception {
    http.sendCutOff(files("cut.bin"), 10_000_000, bytes(1_000_000));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> output.getOut().contains("path=\"cut.bin\""));
    assertThat(output.getOut())
        .containsPattern(
            "upload user="
                + alice
                + " path=\"cut.bin\" bytes=\\d+ ms=\\d+ MB/s=[0-9.]+ outcome=aborted");
    as(alice).get(files("cut.bin")).then().statusCode(404);
    assertThat(STORAGE.resolve("homes").resolve(alice))
        .satisfiesAnyOf(
            home -> assertThat(home).doesNotExist(), home -> assertThat(home).isEmptyDirectory());
    assertThat(stagingFiles()).isEmpty();
    assertThat(as(alice).get("/api/v1/me").jsonPath().getLong("usedBytes")).isZero();
  }

  @Test
  void replaceWhenInFlightThenOldVersionServedUntilNewIsComplete() throws Exception {
    byte[] v1 = bytes(300_000);
    byte[] v2 = bytes(600_000);
    as(alice).body(v1).put(files("doc.bin")).then().statusCode(201);
    try (Socket upload = http.openPut(files("doc.bin"), v2.length)) {
      OutputStream out = upload.getOutputStream();
      out.write(v2, 0, 400_000);
      out.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> !stagingFiles().isEmpty());
      assertThat(as(alice).get(files("doc.bin")).asByteArray()).isEqualTo(v1);
      assertThat(as(alice).get(FilesEndToEndTest.dirs("")).jsonPath().getList("entries.name"))
          .containsExactly("doc.bin");
      out.write(v2, 400_000, v2.length - 400_000);
      out.flush();
      assertThat(RawHttp.read(upload.getInputStream()).status()).isEqualTo(200);
    }
    assertThat(as(alice).get(files("doc.bin")).asByteArray()).isEqualTo(v2);
  }

  @Test
  void replaceWhenCutOffThenOldVersionIntact() throws Exception {
    byte[] v1 = bytes(50_000);
    as(alice).body(v1).put(files("keep.bin")).then().statusCode(201);
    http.sendCutOff(files("keep.bin"), 5_000_000, bytes(2_000_000));
    await().atMost(Duration.ofSeconds(20)).until(() -> stagingFiles().isEmpty());
    assertThat(as(alice).get(files("keep.bin")).asByteArray()).isEqualTo(v1);
  }

  @Test
  void concurrentPutsToOnePathThenExactlyOneUploadWholeNeverAMix() throws Exception {
    int writers = 6;
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      byte[] content = new byte[700_000];
      Arrays.fill(content, (byte) ('A' + i));
      contents.add(content);
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (byte[] content : contents) {
        results.add(pool.submit(() -> as(alice).body(content).put(files("race.bin")).statusCode()));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isIn(200, 201);
      }
    } finally {
      pool.shutdownNow();
    }
    byte[] stored = as(alice).get(files("race.bin")).asByteArray();
    assertThat(contents).anySatisfy(c -> assertThat(stored).isEqualTo(c));
    assertThat(as(alice).get(FilesEndToEndTest.dirs("")).jsonPath().getString("entries[0].sha256"))
        .isEqualTo(sha256(stored));
    assertThat(as(alice).get("/api/v1/me").jsonPath().getLong("usedBytes")).isEqualTo(700_000);
    assertThat(stagingFiles()).isEmpty();
  }

  private static List<Path> stagingFiles() throws IOException {
    try (Stream<Path> files = Files.list(STORAGE.resolve("tmp"))) {
      return files.toList();
    }
  }
}
