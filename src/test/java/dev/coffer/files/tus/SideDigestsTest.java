package dev.coffer.files.tus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SideDigestsTest {

  private final ExecutorService hashers = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    hashers.shutdownNow();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  /** Reads like storage does: into a buffer of {@code chunk} bytes, writing what each read gave. */
  private static byte[] drain(InputStream in, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[chunk];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** A body that arrives in small pieces, as a connector hands it out. */
  private static InputStream trickle(byte[] body, int piece) {
    return new ByteArrayInputStream(body) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, piece));
      }
    };
  }

  @Test
  void readToTheEndThenBothDigestsMatchTheBodyWhateverItsSize() throws Exception {
    for (int size : new int[] {0, 1, 8 * 1024, 100_000, 3 * 1024 * 1024 + 7}) {
      byte[] body = random(size);
      MessageDigest a = MessageDigest.getInstance("SHA-256");
      MessageDigest b = MessageDigest.getInstance("SHA-1");
      SideDigests in = new SideDigests(trickle(body, 16 * 1024), hashers, List.of(a, b));
      assertThat(drain(in, 64 * 1024)).as("bytes of %d", size).isEqualTo(body);
      assertThat(a.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
      assertThat(b.digest()).isEqualTo(MessageDigest.getInstance("SHA-1").digest(body));
    }
  }

  @Test
  void readThenEachReadFillsTheBufferUntilTheEnd() throws Exception {
    SideDigests in = new SideDigests(trickle(random(100_000), 1000), hashers, List.of());
    byte[] buffer = new byte[40_000];
    assertThat(in.read(buffer)).isEqualTo(40_000);
    assertThat(in.read(buffer)).isEqualTo(40_000);
    assertThat(in.read(buffer)).isEqualTo(20_000);
    assertThat(in.read(buffer)).isEqualTo(-1);
  }

  @Test
  void readWhenNothingMoreHasArrivedThenAnswersWhatIsThereWithoutWaiting() throws Exception {
    InputStream paused =
        new ByteArrayInputStream(random(5000)) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1000));
          }

          @Override
          public synchronized int available() {
            return 0;
          }
        };
    SideDigests in = new SideDigests(paused, hashers, List.of());
    assertThat(in.read(new byte[4096])).isEqualTo(1000);
  }

  @Test
  void bodyBreaksOffMidBufferThenWhatArrivedIsAnsweredBeforeTheFailure() throws Exception {
    InputStream cut =
        new InputStream() {
          int left = 5000;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int available() {
            return 1; // as a connector whose socket broke says until it tries
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
              throw new IOException("connection reset");
            }
            int n = Math.min(Math.min(len, 1000), left);
            left -= n;
            return n;
          }
        };
    SideDigests in = new SideDigests(cut, hashers, List.of(MessageDigest.getInstance("SHA-256")));
    byte[] buffer = new byte[64 * 1024];
    assertThat(in.read(buffer)).isEqualTo(5000);
    assertThatThrownBy(() -> in.read(buffer)).hasMessage("connection reset");
    in.release();
  }
}
