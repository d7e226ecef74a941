package dev.coffer.files.tus;

import dev.coffer.files.CountingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * One {@code PATCH} body on its way to storage: counts the bytes that came in and (with a checksum)
 * digests them, also into the upload's running SHA-256 when there is one, on a second thread
 * ({@link SideDigests}), and reports its first read and its end to the caller. Storage may read it
 * or, cheaper, {@link #transferTo} it. Storage reads it while holding the partial upload's lock, so
 * what the callbacks record (the checksum state, the new offset) is recorded while no other request
 * can touch the partial data.
 */
final class ChunkStream extends FilterInputStream {

  /** What happens at the edges of the body. */
  interface Edges {
    /** Before the first byte is taken. */
    void started();

    /**
     * After the last byte was taken (and written: storage writes each buffer before it reads the
     * next); throwing refuses the chunk.
     *
     * @param digest the body's digest, or null without a checksum
     */
    void ended(long bytes, byte @Nullable [] digest);
  }

  private final CountingInputStream counted;
  private final SideDigests side;
  private final @Nullable MessageDigest digest;
  private final Edges edges;
  private boolean started;
  private boolean ended;

  /**
   * @param digest digests the body when not null
   * @param whole the upload's running SHA-256, fed the body too when not null
   * @param hashers runs the digests beside the request thread
   */
  ChunkStream(
      InputStream body,
      @Nullable MessageDigest digest,
      @Nullable MessageDigest whole,
      ExecutorService hashers,
      Edges edges) {
    this(new CountingInputStream(body), digest, whole, hashers, edges);
  }

  private ChunkStream(
      CountingInputStream counted,
      @Nullable MessageDigest digest,
      @Nullable MessageDigest whole,
      ExecutorService hashers,
      Edges edges) {
    this(counted, new SideDigests(counted, hashers, digests(digest, whole)), digest, edges);
  }

  private ChunkStream(
      CountingInputStream counted, SideDigests side, @Nullable MessageDigest digest, Edges edges) {
    super(side);
    this.counted = counted;
    this.side = side;
    this.digest = digest;
    this.edges = edges;
  }

  private static List<MessageDigest> digests(
      @Nullable MessageDigest digest, @Nullable MessageDigest whole) {
    List<MessageDigest> all = new ArrayList<>(2);
    if (digest != null) {
      all.add(digest);
    }
    if (whole != null) {
      all.add(whole);
    }
    return all;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (ended) {
      return -1;
    }
    if (!started) {
      started = true;
      edges.started();
    }
    int n = in.read(b, off, len);
    if (n < 0) {
      ended = true;
      edges.ended(counted.count(), digest == null ? null : digest.digest());
    }
    return n;
  }

  /**
   * The whole body to {@code out}, the way the file system's append takes it: {@link
   * SideDigests#transferTo} writes full buffers and digests them without a copy. The end is
   * reported once every byte is written and digested.
   */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    if (ended) {
      return 0;
    }
    if (!started) {
      started = true;
      edges.started();
    }
    long n = in.transferTo(out);
    ended = true;
    edges.ended(counted.count(), digest == null ? null : digest.digest());
    return n;
  }

  @Override
  public long skip(long n) {
    return 0;
  }

  /** Stops the hashing of a body that storage did not read to its end. */
  void release() {
    side.release();
  }

  long count() {
    return counted.count();
  }

  /** Whether reading the body threw: the client broke off. */
  boolean failed() {
    return counted.failed();
  }
}
