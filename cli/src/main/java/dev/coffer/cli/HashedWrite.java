package dev.coffer.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A download landing in a file: the thread that reads the network fills buffers and hands them
 * over; a second thread hashes them (SHA-256) and a third writes them to the file, in order, so the
 * three overlap instead of adding up. curl does the reading and the writing one after the other on
 * one thread; on a machine whose page cache is slow to grow, the write is the larger half, and here
 * it no longer holds up the next read. Each buffer goes to the file in one write, or in slices of
 * {@link #SMALL_WRITE} (as curl writes) once whole buffers have proved slow to land ({@link
 * #writeOne}). Memory is the fixed set of buffers, whatever the size.
 *
 * <p>A write that fails (a full disk, say) is kept and thrown to the reading thread at its next
 * {@link #buffer()} or at {@link #finish()}; the buffers still in flight are dropped unwritten.
 */
final class HashedWrite implements AutoCloseable {

  static final int BUFFER = 1024 * 1024;

  /** How much of a buffer goes to the file per write once whole buffers land slowly. */
  static final int SMALL_WRITE = 16 * 1024;

  /**
   * Whole buffers whose writes take longer than this each on average (under 1 GB/s: a page cache
   * that grows at the speed of memory takes a quarter to a third of that) switch the rest of the
   * file to {@link #SMALL_WRITE}.
   */
  static final long SLOW_BUFFER_NANOS = 1_000_000;

  /**
   * How many whole buffers that average is taken over: one alone can be slow for any reason (the
   * writer's core taken by another thread for a few milliseconds, say).
   */
  static final int JUDGED_BUFFERS = 16;

  private static final int BUFFERS = 8;

  /** A buffer on its way: its bytes, and whether the file still needs them (not when resumed). */
  private record Chunk(ByteBuffer bytes, boolean write) {}

  private static final Chunk END = new Chunk(ByteBuffer.allocate(0), false);

  private final FileChannel out;
  private final long slowBufferNanos;
  private int slice = BUFFER; // the writer's own, as are the two below
  private int judged;
  private long judgedNanos;
  private final MessageDigest digest = newDigest();
  private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<Chunk> toHash = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final BlockingQueue<Chunk> toWrite = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final Thread hasher;
  private final Thread writer;
  private volatile IOException failure;
  private String hex;

  /**
   * @param out the file, positioned where the bytes go
   * @param direct buffers outside the heap, for a source that reads into them without a copy (a
   *     socket channel); heap buffers for one that reads into arrays (a stream)
   */
  HashedWrite(FileChannel out, boolean direct) {
    this(out, direct, SLOW_BUFFER_NANOS);
  }

  /** With the time a whole buffer's write may take on average before writes go small. */
  HashedWrite(FileChannel out, boolean direct, long slowBufferNanos) {
    this.out = out;
    this.slowBufferNanos = slowBufferNanos;
    for (int i = 0; i < BUFFERS; i++) {
      free.add(direct ? ByteBuffer.allocateDirect(BUFFER) : ByteBuffer.allocate(BUFFER));
    }
    hasher = new Thread(this::hash, "coffer-sha256");
    writer = new Thread(this::write, "coffer-write");
    hasher.setDaemon(true);
    writer.setDaemon(true);
    hasher.start();
    writer.start();
  }

  /** An empty buffer to read into; hand it over with {@link #add(ByteBuffer)}, flipped. */
  ByteBuffer buffer() throws IOException {
    throwIfFailed();
    try {
      return free.take().clear();
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /** Hashes and writes the buffer's remaining bytes, then gives it back to {@link #buffer()}. */
  void add(ByteBuffer filled) throws IOException {
    put(toHash, new Chunk(filled, true));
  }

  /** Hashes a local file's first {@code length} bytes, already in place (a download resumed). */
  void prefix(Path file, long length) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long left = length;
      while (left > 0) {
        ByteBuffer b = buffer();
        b.limit((int) Math.min(b.capacity(), left));
        while (b.hasRemaining() && in.read(b) >= 0) {
          // until the buffer is full or the file ends
        }
        b.flip();
        if (!b.hasRemaining()) {
          free.add(b);
          throw new IOException(file + " is shorter than " + length + " bytes");
        }
        left -= b.remaining();
        put(toHash, new Chunk(b, false));
      }
    }
  }

  /** Waits for the last write and answers the lower-case hex SHA-256 of everything added. */
  String finish() throws IOException {
    if (hex == null) {
      put(toHash, END);
      try {
        hasher.join();
        writer.join();
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
      throwIfFailed();
      hex = HexFormat.of().formatHex(digest.digest());
    }
    return hex;
  }

  @Override
  public void close() {
    hasher.interrupt();
    writer.interrupt();
  }

  private void hash() {
    try {
      for (Chunk c = toHash.take(); c != END; c = toHash.take()) {
        digest.update(c.bytes().duplicate());
        if (c.write()) {
          toWrite.put(c);
        } else {
          free.put(c.bytes());
        }
      }
      toWrite.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void write() {
    try {
      for (Chunk c = toWrite.take(); c != END; c = toWrite.take()) {
        ByteBuffer b = c.bytes();
        try {
          if (failure == null) {
            writeOne(b);
          }
        } catch (IOException e) {
          failure = e;
        } catch (RuntimeException e) {
          failure = new IOException(e.toString(), e); // a channel not open for writing, say
        }
        free.put(b);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Writes one buffer: whole, until {@link #JUDGED_BUFFERS} such writes in a row prove slow, then
   * {@link #SMALL_WRITE} bytes at a time for the rest of the file. The kernel sizes the page-cache
   * folios it allocates by the write; on a virtual machine that hands freed memory back to its host
   * (free page reporting), the large ones come from the blocks the host took back, each page of
   * which waits for the host to back it again: there whole 1 MiB writes landed a download at half
   * of curl's speed, and 16 KiB writes (curl's) did not wait. Where memory is simply there, whole
   * writes are the cheaper (fewer system calls: a 1 GiB download 7% faster), so they stay.
   */
  private void writeOne(ByteBuffer b) throws IOException {
    int end = b.limit();
    boolean whole = slice >= end - b.position();
    long start = whole ? System.nanoTime() : 0;
    while (failure == null && b.position() < end) {
      b.limit(Math.min(end, b.position() + slice));
      while (b.hasRemaining()) {
        out.write(b);
      }
    }
    b.limit(end);
    if (whole && end == b.capacity()) {
      judgedNanos += System.nanoTime() - start;
      if (++judged == JUDGED_BUFFERS) {
        if (judgedNanos / JUDGED_BUFFERS > slowBufferNanos) {
          slice = SMALL_WRITE;
        }
        judged = 0;
        judgedNanos = 0;
      }
    }
  }

  private void throwIfFailed() throws IOException {
    IOException e = failure;
    if (e != null) {
      throw e;
    }
  }

  private static <T> void put(BlockingQueue<T> queue, T item) throws IOException {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  private static InterruptedIOException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    InterruptedIOException io = new InterruptedIOException("interrupted");
    io.initCause(e);
    return io;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
