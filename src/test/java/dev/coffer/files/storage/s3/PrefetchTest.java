package dev.coffer.files.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The read-ahead of a large S3 download: order kept, failures passed on, closing stops it. */
@Timeout(30)
class PrefetchTest {

  private static byte[] drain(Prefetch p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer b = p.next(); b != null; b = p.next()) {
      out.write(b.array(), b.position(), b.remaining());
      p.recycle(b);
    }
    return out.toByteArray();
  }

  @Test
  void nextWhenManyMoreBytesThanBuffersThenAllInOrderAndTheEndRepeats() throws IOException {
    byte[] data = new byte[5_000_003];
    new Random(5).nextBytes(data);
    try (Prefetch p = new Prefetch(new ByteArrayInputStream(data), 3, 64 * 1024)) {
      assertThat(drain(p)).isEqualTo(data);
      assertThat(p.next()).isNull();
    }
  }

  @Test
  void nextWhenTheStoreFailsMidwayThenTheBytesBeforeAndThenItsError() {
    InputStream failing =
        new InputStream() {
          private int given;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (given >= 3) {
              throw new IOException("connection reset by the object store");
            }
            given++;
            b[off] = (byte) given;
            return 1;
          }
        };
    Prefetch p = new Prefetch(failing, 2, 16);
    assertThatThrownBy(() -> drain(p)).hasMessageContaining("connection reset");
  }

  @Test
  void closeWhenTheWriterStopsEarlyThenTheReaderEndsAndTheStreamIsClosed() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return len;
          }

          @Override
          public void close() {
            closed.countDown();
          }
        };
    Prefetch p = new Prefetch(endless, 2, 1024);
    assertThat(p.next()).isNotNull(); // the client goes away after one buffer
    p.close();
    assertThat(closed.await(5, TimeUnit.SECONDS)).as("the answer is closed").isTrue();
  }
}
