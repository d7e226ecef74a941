package dev.coffer.files.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The body of one streamed {@code PUT} of a known length: the client's bytes pass straight through,
 * digested as they go, except the last one, which is held back until the body has ended where it
 * was announced to and {@link LastByte#check} has passed. The {@code PUT} carries its length, so an
 * S3 server stores nothing it has not received in full: a check that fails (wrong digest, a
 * condition that no longer holds, too much or too little content) or a client that stops sending
 * cuts the request one byte short, and the object is never created. That is the atomic commit of a
 * multipart upload's {@code Complete} at the price of no second write.
 *
 * <p>A failure of the body is kept, so the caller can tell it from the object store's (the SDK
 * reports both as a failed request).
 */
final class HeldBackBody extends InputStream {

  /** Runs when every byte but the last has been sent; throwing stops the commit. */
  interface LastByte {
    void check(String sha256) throws IOException;
  }

  private final InputStream in;
  private final long length;
  private final PartStream.Progress progress;
  private final LastByte last;
  private final MessageDigest digest = PartStream.sha256();
  private long served;
  private @Nullable String sha256;
  private @Nullable Exception failure;

  HeldBackBody(InputStream in, long length, PartStream.Progress progress, LastByte last) {
    this.in = in;
    this.length = length;
    this.progress = progress;
    this.last = last;
  }

  /** The SHA-256 of the body, once it was all read and checked. */
  @Nullable String sha256() {
    return sha256;
  }

  /** What stopped the body, if anything did. */
  @Nullable Exception failure() {
    return failure;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw new IOException("the body already failed", failure);
    }
    if (served == length || len == 0) {
      return served == length ? -1 : 0;
    }
    try {
      long beforeLast = length - 1 - served;
      if (beforeLast > 0) {
        int n = in.read(b, off, (int) Math.min(len, beforeLast));
        if (n < 0) {
          throw new IOException("content ended before the announced length");
        }
        advance(b, off, n);
        return n;
      }
      int n = in.read(b, off, 1);
      if (n < 0) {
        throw new IOException("content ended before the announced length");
      }
      advance(b, off, n);
      if (in.read() >= 0) {
        throw new IOException("more content than announced");
      }
      String hex = HexFormat.of().formatHex(digest.digest());
      last.check(hex);
      sha256 = hex;
      return n;
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  private void advance(byte[] b, int off, int n) throws IOException {
    digest.update(b, off, n);
    served += n;
    progress.advanced(served);
  }

  /** The client's stream is the servlet container's to close. */
  @Override
  public void close() {}
}
