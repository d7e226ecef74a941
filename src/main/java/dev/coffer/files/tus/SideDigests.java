package dev.coffer.files.tus;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
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
 *
 * <p>{@link #transferTo} is the cheaper way, which the file system's append takes: it fills its own
 * buffers to the brim (up to 256 KiB, as {@code PUT} does), writes each and hands that same buffer
 * to the hasher, with no copy. Tomcat's {@code available()} only counts the few KiB it has buffered
 * itself, so filling by what has arrived writes 16 KiB at a time, which costs the kernel half as
 * much again per byte as 256 KiB writes, and twice as much at the flush (page-cache folios are as
 * large as the write). A client that pauses mid-buffer still has what it sent on disk, {@link
 * #STALL} later.
 */
final class SideDigests extends FilterInputStream {

  private static final int BUFFER_SIZE = 256 * 1024;
  private static final int FIRST_BUFFER_SIZE = 8 * 1024;
  private static final int BUFFERS = 4;

  /** How long a buffer may wait for more bytes before what it holds is written. */
  static final Duration STALL = Duration.ofMillis(50);

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
    throwPending();
    if (ended) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n = gather(b, off, len, null);
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

  /**
   * Writes the rest of the body to {@code out} in full buffers, each handed to the hasher after it
   * was written (so the digests cover exactly what {@code out} took), and waits for the digests at
   * the end. Bytes that arrived before the body broke off are written before the failure is thrown;
   * bytes of a buffer that stopped filling for {@link #STALL} are written meanwhile (by a watcher
   * beside the request thread, never at the same time as it), so a paused client's bytes are on
   * disk.
   */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    if (current != null && length > 0) {
      handOff(); // what earlier reads gathered goes to the digests first, in order
    }
    Gathering gathering = new Gathering(out);
    Future<?> watcher = hashers.submit(gathering::watch);
    long total = 0;
    byte[] own = null; // without digests, one buffer goes round
    try {
      while (true) {
        throwPending();
        if (ended) {
          return total;
        }
        byte[] buffer;
        if (digests.isEmpty()) {
          own = own == null || own.length < size ? new byte[size] : own;
          buffer = own;
        } else {
          buffer = nextBuffer();
        }
        int n = fill(buffer, gathering);
        gathering.writeRest();
        total += n;
        if (n > 0 && !digests.isEmpty()) {
          current = buffer;
          length = n;
          if (n == buffer.length) {
            handOff();
          }
        }
        if (n < buffer.length && pending == null) {
          finish(); // the rest of a short buffer is digested here, or in line if it is the only one
          ended = true;
        } else if (n == buffer.length) {
          size = Math.min(BUFFER_SIZE, size * 4);
        }
      }
    } finally {
      gathering.stop();
      watcher.cancel(false);
    }
  }

  /** Reads until {@code buffer} is full or the body ends. */
  private int fill(byte[] buffer, Gathering gathering) throws IOException {
    gathering.start(buffer);
    return gather(buffer, 0, buffer.length, gathering);
  }

  /**
   * Reads into {@code b}: until {@code len} bytes or the end when {@code gathering} is given (told
   * of every arrival), else only while more has arrived already. A failure after some bytes is kept
   * for the next call, so those bytes are answered first.
   */
  private int gather(byte[] b, int off, int len, @Nullable Gathering gathering) throws IOException {
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
      if (gathering != null) {
        gathering.arrived(n);
      } else if (!arrived()) {
        break;
      }
    }
    return n;
  }

  /**
   * The buffer {@link #transferTo} is filling, shared with the watcher that writes what it holds
   * when the body stops arriving for a while. Either writes under this object's lock, so {@code
   * out} (storage's file, its quota) is only ever used by one thread at a time; the request thread
   * reads into the part after {@code gathered}, the watcher writes from the part before it.
   */
  private static final class Gathering {

    private final OutputStream out;
    private byte[] buffer = new byte[0];
    private int gathered;
    private int written;
    private long since = System.nanoTime();
    private boolean stopped;
    private @Nullable Exception failed;

    Gathering(OutputStream out) {
      this.out = out;
    }

    synchronized void start(byte[] next) throws IOException {
      rethrow();
      buffer = next;
      gathered = 0;
      written = 0;
      since = System.nanoTime();
    }

    synchronized void arrived(int total) throws IOException {
      rethrow();
      gathered = total;
      since = System.nanoTime();
    }

    /** Writes what the watcher has not. */
    synchronized void writeRest() throws IOException {
      rethrow();
      if (gathered > written) {
        out.write(buffer, written, gathered - written);
        written = gathered;
      }
    }

    synchronized void stop() {
      stopped = true;
      notifyAll();
    }

    /** The watcher: writes a buffer's bytes once no more have come for {@link #STALL}. */
    synchronized void watch() {
      long stall = STALL.toNanos();
      try {
        while (!stopped && failed == null) {
          long quiet = System.nanoTime() - since;
          if (quiet >= stall && gathered > written) {
            try {
              writeRest();
            } catch (IOException | RuntimeException e) {
              failed = e; // the request thread throws it at its next step
            }
          } else {
            TimeUnit.NANOSECONDS.timedWait(this, quiet >= stall ? stall : stall - quiet);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void rethrow() throws IOException {
      Exception e = failed;
      if (e instanceof IOException io) {
        throw io;
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
    }
  }

  private void throwPending() throws IOException {
    if (pending != null) {
      IOException e = pending;
      pending = null;
      throw e;
    }
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
