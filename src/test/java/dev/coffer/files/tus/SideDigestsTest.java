package dev.coffer.files.tus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    InputStream cut = new CutBody(5000);
    SideDigests in = new SideDigests(cut, hashers, List.of(MessageDigest.getInstance("SHA-256")));
    byte[] buffer = new byte[64 * 1024];
    assertThat(in.read(buffer)).isEqualTo(5000);
    assertThatThrownBy(() -> in.read(buffer)).hasMessage("connection reset");
    in.release();
  }

  /** Records the length of every write, as storage's file would see them. */
  private static final class Writes extends ByteArrayOutputStream {
    final List<Integer> sizes = new ArrayList<>();

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      sizes.add(len);
      super.write(b, off, len);
    }
  }

  /** A connector's stream: a few KiB per read, and only those counted as arrived. */
  private static InputStream connector(byte[] body) {
    return new ByteArrayInputStream(body) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 16 * 1024));
      }

      @Override
      public synchronized int available() {
        return 0; // Tomcat counts only what it buffered itself, and hands all of that out at once
      }
    };
  }

  @Test
  void transferToWhenTheConnectorHandsOutLittleThenWritesFullBuffersAndDigestsEveryByte()
      throws Exception {
    byte[] body = random(3 * 1024 * 1024 + 7);
    MessageDigest a = MessageDigest.getInstance("SHA-256");
    MessageDigest b = MessageDigest.getInstance("SHA-1");
    SideDigests in = new SideDigests(connector(body), hashers, List.of(a, b));
    Writes out = new Writes();
    assertThat(in.transferTo(out)).isEqualTo(body.length);
    assertThat(out.toByteArray()).isEqualTo(body);
    // small first, then the 256 KiB a fast body earns: not the connector's 16 KiB
    assertThat(out.sizes.subList(0, 4)).containsExactly(8192, 32768, 131072, 262144);
    assertThat(out.sizes.subList(3, out.sizes.size() - 1)).allMatch(n -> n == 262144);
    assertThat(a.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
    assertThat(b.digest()).isEqualTo(MessageDigest.getInstance("SHA-1").digest(body));
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void transferToWhateverTheSizeThenTheBytesAndTheDigestMatch() throws Exception {
    for (int size : new int[] {0, 1, 8 * 1024, 8 * 1024 + 1, 40 * 1024, 1024 * 1024}) {
      byte[] body = random(size);
      MessageDigest a = MessageDigest.getInstance("SHA-256");
      SideDigests in = new SideDigests(connector(body), hashers, List.of(a));
      Writes out = new Writes();
      assertThat(in.transferTo(out)).as("size %d", size).isEqualTo(size);
      assertThat(out.toByteArray()).isEqualTo(body);
      assertThat(a.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
    }
  }

  @Test
  void transferToAfterSomeReadsThenTheDigestCoversTheWholeBodyInOrder() throws Exception {
    byte[] body = random(600_000);
    MessageDigest a = MessageDigest.getInstance("SHA-256");
    SideDigests in = new SideDigests(trickle(body, 1000), hashers, List.of(a));
    byte[] first = new byte[5000];
    assertThat(in.read(first)).isEqualTo(5000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(first);
    in.transferTo(out);
    assertThat(out.toByteArray()).isEqualTo(body);
    assertThat(a.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
  }

  @Test
  void transferToWithoutDigestsThenACopyInFullBuffers() throws Exception {
    byte[] body = random(1024 * 1024);
    Writes out = new Writes();
    new SideDigests(connector(body), hashers, List.of()).transferTo(out);
    assertThat(out.toByteArray()).isEqualTo(body);
    assertThat(out.sizes).hasSizeLessThan(10);
  }

  @Test
  void transferToWhenTheBodyBreaksOffMidBufferThenWhatArrivedIsWrittenBeforeTheFailure()
      throws Exception {
    byte[] body = random(100_000);
    InputStream cut =
        new FilterInputStream(trickle(body, 1000)) {
          int left = 70_000;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
              throw new IOException("connection reset");
            }
            int n = super.read(b, off, Math.min(len, left));
            left -= n;
            return n;
          }
        };
    SideDigests in = new SideDigests(cut, hashers, List.of(MessageDigest.getInstance("SHA-256")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> in.transferTo(out)).hasMessage("connection reset");
    assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(body, 70_000));
    in.release();
  }

  @Test
  void transferToWhenTheClientPausesMidBufferThenWhatItSentIsWrittenMeanwhile() throws Exception {
    byte[] body = random(200_000);
    CountDownLatch resume = new CountDownLatch(1);
    InputStream pausing =
        new FilterInputStream(trickle(body, 16 * 1024)) {
          int taken;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (taken == 100_000) {
              try {
                resume.await(); // the client stops sending, its connection open
              } catch (InterruptedException e) {
                throw new InterruptedIOException();
              }
            }
            int n = super.read(b, off, Math.min(len, 100_000 - taken > 0 ? 100_000 - taken : len));
            taken += Math.max(n, 0);
            return n;
          }
        };
    MessageDigest a = MessageDigest.getInstance("SHA-256");
    SideDigests in = new SideDigests(pausing, hashers, List.of(a));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Future<Long> transfer = hashers.submit(() -> in.transferTo(out));
    // 100,000 bytes are 8 + 32 KiB in full buffers and 59,040 in a 128 KiB one still filling
    await().atMost(Duration.ofSeconds(10)).until(() -> out.size() == 100_000);
    assertThat(transfer).isNotDone();
    resume.countDown();
    assertThat(transfer.get(10, TimeUnit.SECONDS)).isEqualTo(body.length);
    assertThat(out.toByteArray()).isEqualTo(body);
    assertThat(a.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
  }

  @Test
  void transferToWhenWritingWhatAPausedClientSentFailsThenTheFailureReachesTheTransfer()
      throws Exception {
    CountDownLatch resume = new CountDownLatch(1);
    InputStream pausing =
        new FilterInputStream(trickle(random(50_000), 1000)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (available() <= 40_000) { // 10,000 bytes in
              try {
                resume.await();
              } catch (InterruptedException e) {
                throw new InterruptedIOException();
              }
            }
            return super.read(b, off, len);
          }
        };
    SideDigests in = new SideDigests(pausing, hashers, List.of());
    CountDownLatch tried = new CountDownLatch(1);
    OutputStream full =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (len < 8192) { // the watcher's write of what came after the first buffer
              tried.countDown();
              throw new IOException("No space left on device");
            }
          }
        };
    Future<Long> transfer = hashers.submit(() -> in.transferTo(full));
    assertThat(tried.await(10, TimeUnit.SECONDS)).isTrue();
    resume.countDown();
    assertThatThrownBy(() -> transfer.get(10, TimeUnit.SECONDS))
        .hasRootCauseMessage("No space left on device");
  }
}
