package dev.coffer.files.storage.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Copies a stream to an output while computing its SHA-256 on a second thread. SHA-256 runs at
 * about the speed of the network path, so hashing in line would halve upload throughput; here the
 * request thread reads and writes while a hasher digests the same buffers. A few buffers circulate
 * between the two, so memory stays constant whatever the size; they are allocated as the body
 * arrives, small first, so a slow client holds little.
 */
final class HashingCopier {

  /** Told about every chunk before it is written; may throw to stop the copy. */
  interface Progress {
    void advanced(long totalBytes) throws IOException;
  }

  /**
   * @param bytes how many bytes were copied
   * @param sha256 their digest, lower-case hex
   */
  record Result(long bytes, String sha256) {}

  static final int BUFFER_SIZE = 256 * 1024;

  /**
   * The first buffer of a copy: a body that has not arrived yet, or trickles in, costs this much
   * rather than a megabyte. Buffers grow fourfold per full chunk, so a fast upload reaches {@link
   * #BUFFER_SIZE} within its first 170 KiB.
   */
  static final int FIRST_BUFFER_SIZE = 8 * 1024;

  private static final int BUFFERS = 4;
  private static final Chunk END = new Chunk(new byte[0], 0);

  private final ExecutorService hashers;

  HashingCopier(ExecutorService hashers) {
    this.hashers = hashers;
  }

  Result copy(InputStream in, OutputStream out, Progress progress) throws IOException {
    BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
    MessageDigest digest = sha256();
    Future<?> hasher = null;
    int created = 0;
    int size = FIRST_BUFFER_SIZE;
    long total = 0;
    boolean done = false;
    try {
      while (true) {
        byte[] buffer = free.poll();
        if (buffer == null && created < BUFFERS) {
          created++;
          buffer = new byte[size];
        } else if (buffer == null) {
          buffer = nextFree(free, hasher);
        }
        if (buffer.length < size) {
          buffer = new byte[size];
        }
        int n = readFully(in, buffer);
        if (n > 0) {
          total += n;
          progress.advanced(total);
          if (hasher == null) {
            // started with the first chunk, so a body still on its way holds no hasher thread
            hasher = hashers.submit(() -> digestAll(digest, filled, free));
          }
          filled.put(new Chunk(buffer, n));
          out.write(buffer, 0, n);
        }
        if (n < buffer.length) {
          break;
        }
        size = Math.min(BUFFER_SIZE, size * 4);
      }
      if (hasher != null) {
        filled.put(END);
        hasher.get();
      }
      done = true;
      return new Result(total, HexFormat.of().formatHex(digest.digest()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while copying");
    } catch (ExecutionException e) {
      throw new IOException("hashing failed", e.getCause());
    } finally {
      if (!done && hasher != null) {
        hasher.cancel(true);
      }
    }
  }

  private static Void digestAll(
      MessageDigest digest, BlockingQueue<Chunk> filled, BlockingQueue<byte[]> free)
      throws InterruptedException {
    for (Chunk chunk = filled.take(); chunk != END; chunk = filled.take()) {
      digest.update(chunk.buffer, 0, chunk.length);
      free.put(chunk.buffer);
    }
    return null;
  }

  /** A buffer the hasher is done with; fails rather than wait forever if the hasher died. */
  private static byte[] nextFree(BlockingQueue<byte[]> free, @Nullable Future<?> hasher)
      throws InterruptedException, ExecutionException {
    while (true) {
      byte[] buffer = free.poll(1, TimeUnit.SECONDS);
      if (buffer != null) {
        return buffer;
      }
      if (hasher != null && hasher.isDone()) {
        hasher.get();
        throw new ExecutionException(new IllegalStateException("the hasher stopped early"));
      }
    }
  }

  /** SHA-256 of a whole stream on the calling thread, for content that is already at rest. */
  static String sha256Of(InputStream in) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[BUFFER_SIZE];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static int readFully(InputStream in, byte[] buffer) throws IOException {
    int n = 0;
    while (n < buffer.length) {
      int r = in.read(buffer, n, buffer.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  private record Chunk(byte[] buffer, int length) {}
}
