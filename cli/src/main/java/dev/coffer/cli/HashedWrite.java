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
 * it no longer holds up the next read. The file is written in slices of {@link #WRITE_SLICE}, as
 * curl writes it. Memory is the fixed set of buffers, whatever the size.
 *
 * <p>A write that fails (a full disk, say) is kept and thrown to the reading thread at its next
 * {@link #buffer()} or at {@link #finish()}; the buffers still in flight are dropped unwritten.
 */
final class HashedWrite implements AutoCloseable {

  static final int BUFFER = 1024 * 1024;

  /** How much of a buffer goes to the file per write (see {@link #writeInSlices}). */
  static final int WRITE_SLICE = 16 * 1024;

  private static final int BUFFERS = 8;

  /** A buffer on its way: its bytes, and whether the file still needs them (not when resumed). */
  private record Chunk(ByteBuffer bytes, boolean write) {}

  private static final Chunk END = new Chunk(ByteBuffer.allocate(0), false);

  private final FileChannel out;
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
    this.out = out;
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
            writeInSlices(b);
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
   * Writes the buffer {@link #WRITE_SLICE} bytes at a time, as curl does: the kernel sizes the
   * page-cache folios it allocates by the write, and on a virtual machine that hands freed memory
   * back to its host (free page reporting) the large ones come from the blocks the host took back,
   * each page of which waits for the host to back it again. Writes of 1 MiB made a download land at
   * half of curl's speed there; 16 KiB writes cost a few more system calls and no such wait.
   */
  private void writeInSlices(ByteBuffer b) throws IOException {
    int end = b.limit();
    while (failure == null && b.position() < end) {
      b.limit(Math.min(end, b.position() + WRITE_SLICE));
      while (b.hasRemaining()) {
        out.write(b);
      }
    }
    b.limit(end);
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
