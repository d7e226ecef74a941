package dev.coffer.files.storage.s3;

import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.OpenFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A file opened on S3. Opening sends the {@code GET} for the whole object (its answer describes the
 * file, so no {@code HEAD} is needed), and a read from the start streams that answer: S3 keeps
 * sending the version it started with, so the bytes belong to {@link #info()} even when the file is
 * replaced meanwhile. A range elsewhere is a ranged {@code GET} conditional on the opened version's
 * etag, which fails rather than mix versions if the file changed.
 */
final class S3OpenFile implements OpenFile {

  private static final int BUFFER = 256 * 1024;
  private static final long DRAIN_LIMIT = 256 * 1024;

  /** Ranges larger than this are read ahead on a second thread, a few buffers at most. */
  private static final long PREFETCH_ABOVE = 4L * 1024 * 1024;

  /** Four buffers of 256 KiB: 1 MiB of heap for each download read ahead ({@link Reader}). */
  private static final int PREFETCH_BUFFERS = 4;

  private final Bucket bucket;
  private final Semaphore readAheads;
  private final String key;
  private final FileInfo info;
  private @Nullable ResponseInputStream<GetObjectResponse> whole;

  S3OpenFile(
      Bucket bucket,
      Semaphore readAheads,
      String key,
      FileInfo info,
      ResponseInputStream<GetObjectResponse> whole) {
    this.bucket = bucket;
    this.readAheads = readAheads;
    this.key = key;
    this.info = info;
    this.whole = whole;
  }

  @Override
  public FileInfo info() {
    return info;
  }

  @Override
  public long transferTo(ByteRange range, WritableByteChannel target) throws IOException {
    long sent;
    if (range.length() > PREFETCH_ABOVE && readAheads.tryAcquire()) {
      try {
        sent = prefetched(range, target);
      } finally {
        readAheads.release();
      }
    } else {
      sent = copied(range, target); // a small range, or read-ahead's memory is all in use
    }
    if (sent != range.length()) {
      throw new IOException("the object store sent " + sent + " of " + range.length() + " bytes");
    }
    return sent;
  }

  /** A large range: read ahead on a thread of its own while this one writes ({@link Prefetch}). */
  private long prefetched(ByteRange range, WritableByteChannel target) throws IOException {
    long sent = 0;
    try (Prefetch ahead = new Prefetch(stream(range), PREFETCH_BUFFERS, BUFFER)) {
      for (ByteBuffer chunk = ahead.next(); chunk != null; chunk = ahead.next()) {
        sent += chunk.remaining();
        while (chunk.hasRemaining()) {
          target.write(chunk);
        }
        ahead.recycle(chunk);
      }
    }
    return sent;
  }

  private long copied(ByteRange range, WritableByteChannel target) throws IOException {
    long sent = 0;
    try (InputStream in = stream(range)) {
      byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, range.length()))];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          target.write(chunk);
        }
        sent += n;
      }
    }
    return sent;
  }

  @Override
  public InputStream stream(ByteRange range) throws IOException {
    if (range.length() == 0) {
      return InputStream.nullInputStream();
    }
    if (range.start() == 0 && whole != null) {
      InputStream first = whole;
      whole = null;
      return bounded(first, range.length());
    }
    abortWhole();
    var ranged = bucket.get(key, "bytes=" + range.start() + "-" + range.end(), info.etag());
    if (ranged == null) {
      throw new IOException("the file was deleted while it was being read");
    }
    // bounded too: a client that leaves early aborts the rest instead of draining it
    return bounded(ranged, range.length());
  }

  /** At most {@code length} bytes of {@code in}; closing aborts what is left unread. */
  private static InputStream bounded(InputStream in, long length) {
    return new InputStream() {
      // read on the prefetching thread, checked by close() on the request thread
      private volatile long left = length;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        if (left > 0 && in instanceof ResponseInputStream<?> r) {
          r.abort(); // do not drain the rest of a large object to reuse the connection
        }
        in.close();
      }
    };
  }

  /**
   * Ends the opening {@code GET} when its bytes are not wanted (a {@code HEAD}, a 304, a range
   * elsewhere): a small rest is read off so the connection serves again, a large one is cut.
   */
  private void abortWhole() throws IOException {
    if (whole != null) {
      if (info.size() <= DRAIN_LIMIT) {
        whole.close();
      } else {
        whole.abort();
      }
      whole = null;
    }
  }

  @Override
  public void close() throws IOException {
    abortWhole();
  }
}
