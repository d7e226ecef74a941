package dev.coffer.files.tus;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@code PATCH} body whose bytes are digested on a second thread while the request thread writes
 * them, as {@code PUT} does (SHA-256 runs at about the speed of the network path: in line, it
 * halved a tus upload's speed). Each read is copied into a buffer handed to the hasher; the end of
 * the body (a read answering -1) waits until every byte is digested, so the digests are complete
 * once the body has ended. A body shorter than the first buffer is digested in line, without a
 * thread. Memory stays constant: a few buffers circulate, small first, so a trickling client holds
 * little.
 *
 * <p>Each read also fills the caller's buffer with what has already arrived (storage writes what a
 * read answered, and the connector hands out a few KiB at a time): fewer, larger writes. It never
 * waits for more than the first bytes, so what a paused client sent is on disk meanwhile; a body
 * that breaks off mid-fill answers what it gathered first and throws on the next read.
 */
final class SideDigests extends FilterInputStream {

  private static final int BUFFER_SIZE = 256 * 1024;
  private static final int FIRST_BUFFER_SIZE = 8 * 1024;
  private static final int BUFFERS = 4;
  private static final Chunk END = new Chunk(new byte[0], 0);

  private final List<MessageDigest> digests;
  private final ExecutorService hashers;
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
  private @Nullable Future<?> hasher;
  private byte @Nullable [] current;
  private int length;
  private int created;
  private int size = FIRST_BUFFER_SIZE;
  private @Nullable IOException pending;
  private boolean ended;

  /**
   * @param digests fed every byte of the body, in order; none makes this a plain filling stream
   */
  SideDigests(InputStream body, ExecutorService hashers, List<MessageDigest> digests) {
    super(body);
    this.hashers = hashers;
    this.digests = digests;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (pending != null) {
      IOException e = pending;
      pending = null;
      throw e;
    }
    if (ended) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      int r;
      try {
        r = in.read(b, off + n, len - n);
      } catch (IOException e) {
        if (n == 0) {
          throw e;
        }
        pending = e;
        break;
      }
      if (r < 0) {
        break;
      }
      n += r;
      if (!arrived()) {
        break;
      }
    }
    if (n > 0) {
      feed(b, off, n);
    }
    if (n == 0) {
      finish();
      ended = true;
      return -1;
    }
    return n;
  }

  /** Whether more of the body is here already; a failure shows on the next read. */
  private boolean arrived() {
    try {
      return in.available() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public long skip(long n) {
    return 0;
  }

  /** Stops the hasher when the body will not be read to its end (a failure); idempotent. */
  void release() {
    if (!ended && hasher != null) {
      hasher.cancel(true);
    }
  }

  private void feed(byte[] b, int off, int n) throws IOException {
    if (digests.isEmpty()) {
      return;
    }
    while (n > 0) {
      if (current == null) {
        current = nextBuffer();
        length = 0;
      }
      int k = Math.min(n, current.length - length);
      System.arraycopy(b, off, current, length, k);
      length += k;
      off += k;
      n -= k;
      if (length == current.length) {
        handOff();
        size = Math.min(BUFFER_SIZE, size * 4);
      }
    }
  }

  private void handOff() throws IOException {
    if (hasher == null) {
      hasher = hashers.submit(this::digestAll);
    }
    put(new Chunk(Objects.requireNonNull(current), length));
    current = null;
  }

  private void finish() throws IOException {
    if (hasher == null) {
      // all of it fits the first buffer: not worth a thread
      if (current != null) {
        digests.forEach(d -> d.update(current, 0, length));
      }
      return;
    }
    if (current != null && length > 0) {
      handOff();
    }
    put(END);
    try {
      Objects.requireNonNull(hasher).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    } catch (ExecutionException e) {
      throw new IllegalStateException("hashing failed", e.getCause());
    }
  }

  private Void digestAll() throws InterruptedException {
    for (Chunk chunk = filled.take(); chunk != END; chunk = filled.take()) {
      for (MessageDigest d : digests) {
        d.update(chunk.buffer, 0, chunk.length);
      }
      free.put(chunk.buffer);
    }
    return null;
  }

  /** A buffer the hasher is done with, or a new one while fewer than {@link #BUFFERS} exist. */
  private byte[] nextBuffer() throws IOException {
    byte[] buffer = free.poll();
    if (buffer == null && created < BUFFERS) {
      created++;
      return new byte[size];
    }
    try {
      while (buffer == null) {
        buffer = free.poll(1, TimeUnit.SECONDS);
        if (buffer == null && Objects.requireNonNull(hasher).isDone()) {
          throw new IllegalStateException("the hasher stopped early");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    }
    return buffer.length < size ? new byte[size] : buffer;
  }

  private void put(Chunk chunk) throws IOException {
    try {
      filled.put(chunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    }
  }

  private record Chunk(byte[] buffer, int length) {}
}
