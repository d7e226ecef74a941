package dev.coffer.files.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams a body into a multipart upload with bounded memory: the request thread fills one part
 * while up to {@code inFlight} earlier parts are sent, and a hasher digests each part in order
 * alongside (SHA-256 in line would halve the throughput). At most {@code inFlight + 1} part buffers
 * exist per upload; the first is small and grows, so a small or slow body holds little.
 */
final class PartStream {

  /** Told about every chunk before it is sent; may throw to stop the upload. */
  interface Progress {
    void advanced(long totalBytes) throws IOException;
  }

  /** The first part, read before deciding between one PUT and a multipart upload. */
  record First(byte[] buffer, int length, boolean ended) {}

  /** What was sent. */
  record Sent(List<CompletedPart> parts, long bytes, String sha256) {}

  private static final int FIRST_BUFFER = 64 * 1024;

  private final Bucket bucket;
  private final ExecutorService workers;
  private final int partSize;
  private final int inFlight;

  PartStream(Bucket bucket, ExecutorService workers, int partSize, int inFlight) {
    this.bucket = bucket;
    this.workers = workers;
    this.partSize = partSize;
    this.inFlight = inFlight;
  }

  int partSize() {
    return partSize;
  }

  /** Reads up to one part, growing the buffer as the body keeps coming. */
  First readFirst(InputStream in, Progress progress) throws IOException {
    byte[] buffer = new byte[Math.min(partSize, FIRST_BUFFER)];
    int n = 0;
    while (true) {
      if (n == buffer.length) {
        if (buffer.length == partSize) {
          return new First(buffer, n, false);
        }
        buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(partSize, buffer.length * 4L));
      }
      int r = in.read(buffer, n, buffer.length - n);
      if (r < 0) {
        return new First(buffer, n, true);
      }
      n += r;
      progress.advanced(n);
    }
  }

  /**
   * Sends {@code first} and the rest of {@code in} as parts of {@code upload}. On failure the
   * caller aborts the upload.
   */
  Sent send(String key, String upload, First first, InputStream in, Progress progress)
      throws IOException {
    MessageDigest digest = sha256();
    Deque<Part> sending = new ArrayDeque<>();
    List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
    CompletableFuture<Void> hashed = CompletableFuture.completedFuture(null);
    byte[] buffer = first.buffer();
    int length = first.length();
    long total = length;
    int buffers = 1;
    try {
      while (true) {
        if (length > 0) {
          byte[] full = buffer;
          int n = length;
          int number = parts.size() + 1;
          hashed = hashed.thenRunAsync(() -> digest.update(full, 0, n), workers);
          CompletableFuture<CompletedPart> sent =
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      String etag = bucket.uploadPart(key, upload, number, full, n);
                      return CompletedPart.builder().partNumber(number).eTag(etag).build();
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  },
                  workers);
          parts.add(sent);
          sending.add(new Part(full, sent, hashed));
        }
        if (length < partSize) {
          break; // the body ended
        }
        if (buffers <= inFlight) {
          buffers++;
          buffer = new byte[partSize];
        } else {
          buffer = sending.removeFirst().reuse();
        }
        length = 0;
        while (length < partSize) {
          int r = in.read(buffer, length, partSize - length);
          if (r < 0) {
            break;
          }
          length += r;
          total += r;
          progress.advanced(total);
        }
        if (length == 0) {
          break;
        }
      }
      List<CompletedPart> done = new ArrayList<>(parts.size());
      for (CompletableFuture<CompletedPart> part : parts) {
        done.add(join(part));
      }
      join(hashed);
      return new Sent(done, total, HexFormat.of().formatHex(digest.digest()));
    } finally {
      for (CompletableFuture<CompletedPart> part : parts) {
        part.cancel(false);
      }
      hashed.cancel(false);
    }
  }

  private record Part(
      byte[] buffer, CompletableFuture<CompletedPart> sent, CompletableFuture<Void> hashed) {
    /** Waits until this part is sent and hashed, and hands its buffer on. */
    byte[] reuse() throws IOException {
      join(sent);
      join(hashed);
      return buffer;
    }
  }

  static <T> T join(CompletableFuture<T> future) throws IOException {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
