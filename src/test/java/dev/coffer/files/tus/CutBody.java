package dev.coffer.files.tus;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body whose connection breaks after {@code bytes}: handed out 1,000 at a time, then
 * "connection reset". Until then it says more is there, as a connector whose socket broke says
 * until it tries.
 */
final class CutBody extends InputStream {

  private int left;

  CutBody(int bytes) {
    this.left = bytes;
  }

  @Override
  public int read() {
    throw new UnsupportedOperationException();
  }

  @Override
  public int available() {
    return 1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (left == 0) {
      throw new IOException("connection reset");
    }
    int n = Math.min(Math.min(len, 1000), left);
    left -= n;
    return n;
  }
}
