package dev.coffer.files.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Reads an object store's answer on a thread of its own, a few buffers ahead of the request thread
 * that writes them to the client. Read and write then overlap: one thread doing both waited for the
 * object store while the client's socket sat empty, and for the client while the object store's sat
 * full, and a download through Coffer ran at two thirds of a direct one. Memory is the fixed set of
 * buffers, whatever the size of the object.
 */
final class Prefetch implements AutoCloseable {

  private static final ByteBuffer END = ByteBuffer.allocate(0);

  private final InputStream in;
  private final BlockingQueue<ByteBuffer> free;
  private final BlockingQueue<ByteBuffer> full;
  private final Thread reader;
  private volatile @Nullable IOException failure;
  private volatile boolean closed;

  Prefetch(InputStream in, int buffers, int size) {
    this.in = in;
    this.free = new ArrayBlockingQueue<>(buffers);
    this.full = new ArrayBlockingQueue<>(buffers + 1);
    for (int i = 0; i < buffers; i++) {
      free.add(ByteBuffer.allocate(size));
    }
    reader = new Thread(this::read, "coffer-s3-read");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * The next bytes in order, or null at the end; give the buffer back with {@link #recycle}.
   *
   * @throws IOException what reading the object store's answer failed with
   */
  @Nullable ByteBuffer next() throws IOException {
    ByteBuffer b;
    try {
      b = full.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the object store");
    }
    if (b == END) {
      full.add(END); // every later call sees the end too
      IOException e = failure;
      if (e != null) {
        throw e;
      }
      return null;
    }
    return b;
  }

  void recycle(ByteBuffer b) {
    free.add(b.clear());
  }

  private void read() {
    try {
      while (!closed) {
        ByteBuffer b = free.take();
        int n = in.read(b.array(), 0, b.capacity());
        if (n < 0) {
          break;
        }
        full.put(b.limit(n));
      }
    } catch (IOException e) {
      if (!closed) {
        failure = e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      full.offer(END);
    }
  }

  /** Stops reading (a client gone, say) and closes the answer; what was not read is aborted. */
  @Override
  public void close() throws IOException {
    closed = true;
    reader.interrupt();
    try {
      in.close();
    } finally {
      try {
        reader.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
