package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HashingCopierTest {

  private final ExecutorService hashers = Executors.newCachedThreadPool();
  private final HashingCopier copier = new HashingCopier(hashers);

  @AfterEach
  void stop() {
    hashers.shutdownNow();
  }

  @Test
  void copyWhenBodyTricklesThenHoldsKilobytesNotAMegabyteAndNoHasherThread() throws Exception {
    Trickle body = new Trickle();
    AtomicReference<HashingCopier.Result> result = new AtomicReference<>();
    Thread copying =
        new Thread(
            () -> {
              try {
                result.set(copier.copy(body, new ByteArrayOutputStream(), total -> {}));
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    long before = allocatedBy(Thread.currentThread());
    copying.start();
    await().until(() -> copying.getState() == Thread.State.WAITING);
    long waitingForFirstByte = allocatedBy(copying);
    for (int i = 0; i < 10; i++) {
      body.send(new byte[16]);
    }
    await().until(() -> body.pending.isEmpty() && copying.getState() == Thread.State.WAITING);
    long afterATrickle = allocatedBy(copying);

    assertThat(waitingForFirstByte).isLessThan(64 * 1024);
    assertThat(afterATrickle).isLessThan(64 * 1024);
    assertThat(((java.util.concurrent.ThreadPoolExecutor) hashers).getPoolSize()).isZero();
    assertThat(before).isNotNegative();

    body.end();
    copying.join(10_000);
    assertThat(result.get().bytes()).isEqualTo(160);
  }

  @Test
  void copyWhenLargeThenSameBytesAndDigest() throws Exception {
    byte[] data = new byte[3 * HashingCopier.BUFFER_SIZE + 12345];
    new Random(7).nextBytes(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    HashingCopier.Result result =
        copier.copy(new java.io.ByteArrayInputStream(data), out, total -> {});

    assertThat(out.toByteArray()).isEqualTo(data);
    assertThat(result.bytes()).isEqualTo(data.length);
    assertThat(result.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
  }

  @Test
  void copyWhenEmptyThenDigestOfNothing() throws Exception {
    HashingCopier.Result result =
        copier.copy(InputStream.nullInputStream(), new ByteArrayOutputStream(), total -> {});

    assertThat(result.bytes()).isZero();
    assertThat(result.sha256())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  private static long allocatedBy(Thread thread) {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(thread.getId());
  }

  /** A body whose bytes arrive only when the test sends them, as from a slow client. */
  private static final class Trickle extends InputStream {

    private static final byte[] EOF = new byte[0];
    final LinkedBlockingQueue<byte[]> pending = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;

    void send(byte[] bytes) {
      pending.add(bytes);
    }

    void end() {
      pending.add(EOF);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (position == current.length) {
        try {
          current = pending.take();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        position = 0;
        if (current == EOF) {
          return -1;
        }
      }
      int n = Math.min(len, current.length - position);
      System.arraycopy(current, position, b, off, n);
      position += n;
      return n;
    }
  }
}
