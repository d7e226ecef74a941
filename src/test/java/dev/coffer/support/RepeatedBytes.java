package dev.coffer.support;

import java.io.InputStream;
import java.util.Arrays;

/** A stream of one byte value repeated {@code length} times, made as it is read (no memory). */
public final class RepeatedBytes extends InputStream {

  private final byte value;
  private long left;

  public RepeatedBytes(byte value, long length) {
    this.value = value;
    this.left = length;
  }

  /** {@code length} zero bytes. */
  public static InputStream zeros(long length) {
    return new RepeatedBytes((byte) 0, length);
  }

  @Override
  public int read() {
    if (left == 0) {
      return -1;
    }
    left--;
    return value & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (left == 0) {
      return -1;
    }
    int n = (int) Math.min(len, left);
    Arrays.fill(b, off, off + n, value);
    left -= n;
    return n;
  }
}
