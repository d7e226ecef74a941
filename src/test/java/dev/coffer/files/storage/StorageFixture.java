package dev.coffer.files.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh, empty {@link Storage} for each test, a quota kept in memory, and what the contract tests
 * of a backend share to write, read and make content.
 */
public abstract class StorageFixture {

  protected static final String ALICE = "alice";
  protected static final String BOB = "bob";

  protected Storage storage;
  protected Ledger space;

  /** A fresh, empty storage for one test. */
  protected abstract Storage newStorage() throws IOException;

  @BeforeEach
  void setUpStorage() throws IOException {
    storage = newStorage();
    space = new Ledger(Long.MAX_VALUE);
  }

  // ---- helpers ----

  protected Written write(String owner, String path, byte[] content) throws IOException {
    return storage.write(owner, p(path), in(content), WriteOptions.replace().withSpace(space));
  }

  protected FileInfo open(String owner, String path) throws IOException {
    try (OpenFile file = storage.open(owner, p(path))) {
      return file.info();
    }
  }

  protected byte[] read(String owner, String path) throws IOException {
    try (OpenFile file = storage.open(owner, p(path));
        InputStream in = file.stream(ByteRange.all(file.info().size()))) {
      return in.readAllBytes();
    }
  }

  protected static StoragePath p(String path) {
    return StoragePath.parse(path);
  }

  protected static InputStream in(byte[] content) {
    return new ByteArrayInputStream(content);
  }

  protected static ListOptions recursive() {
    return new ListOptions(ListOptions.Sort.NAME, false, 1000, null, true);
  }

  protected static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  protected static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A quota kept in memory, for tests. */
  protected static final class Ledger implements SpaceReservation {
    public final AtomicLong used = new AtomicLong();
    private final long quota;

    Ledger(long quota) {
      this.quota = quota;
    }

    @Override
    public synchronized boolean tryReserve(long bytes) {
      if (used.get() + bytes > quota) {
        return false;
      }
      used.addAndGet(bytes);
      return true;
    }

    @Override
    public synchronized void release(long bytes) {
      used.addAndGet(-bytes);
    }
  }

  /** Delivers some bytes, then fails like a dropped connection. */
  protected static final class FailingStream extends InputStream {
    private long left;

    public FailingStream(long before) {
      this.left = before;
    }

    @Override
    public int read() throws IOException {
      if (left-- <= 0) {
        throw new IOException("connection reset");
      }
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        throw new IOException("connection reset");
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 'x');
      left -= n;
      return n;
    }
  }
}
