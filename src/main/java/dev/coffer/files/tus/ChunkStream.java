package dev.coffer.files.tus;

import dev.coffer.files.CountingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * One {@code PATCH} body on its way to storage: counts and (with a checksum) digests the bytes, and
 * reports its first read and its end to the caller. Storage reads it while holding the partial
 * upload's lock, so what the callbacks record (the checksum state, the new offset) is recorded
 * while no other request can touch the partial data.
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
  private final @Nullable MessageDigest digest;
  private final Edges edges;
  private boolean started;
  private boolean ended;

  /**
   * @param digest digests the body when not null
   */
  ChunkStream(InputStream body, @Nullable MessageDigest digest, Edges edges) {
    this(
        new CountingInputStream(digest == null ? body : new DigestInputStream(body, digest)),
        digest,
        edges);
  }

  private ChunkStream(CountingInputStream counted, @Nullable MessageDigest digest, Edges edges) {
    super(counted);
    this.counted = counted;
    this.digest = digest;
    this.edges = edges;
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

  @Override
  public long skip(long n) {
    return 0;
  }

  long count() {
    return counted.count();
  }

  /** Whether reading the body threw: the client broke off. */
  boolean failed() {
    return counted.failed();
  }
}
