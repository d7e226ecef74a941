package dev.coffer.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts what a request body delivered and remembers whether reading it failed. */
public final class CountingInputStream extends FilterInputStream {

  private long count;
  private boolean failed;

  public CountingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      failed = true;
      throw e;
    }
    if (n > 0) {
      count += n;
    }
    return n;
  }

  public long count() {
    return count;
  }

  /** Whether reading the source threw: the client broke off. */
  public boolean failed() {
    return failed;
  }
}
