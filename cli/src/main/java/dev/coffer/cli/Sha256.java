package dev.coffer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * SHA-256 on a second thread: the transfer hands over filled buffers and takes empty ones back, so
 * hashing overlaps the network and the disk instead of adding to them (it runs at about 1.5 GB/s
 * per core, close to what a local transfer moves). Memory is the fixed set of buffers.
 */
final class Sha256 implements AutoCloseable {

  static final int BUFFER = 256 * 1024;
  private static final int BUFFERS = 4;

  private record Chunk(byte[] bytes, int length) {}

  private static final Chunk END = new Chunk(new byte[0], -1);

  private final MessageDigest digest = newDigest();
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS);
  private final Thread thread;
  private String hex;

  Sha256() {
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new byte[BUFFER]);
    }
    thread = new Thread(this::hash, "coffer-sha256");
    thread.setDaemon(true);
    thread.start();
  }

  /** An empty buffer to read into; give it back with {@link #hashed(byte[], int)}. */
  byte[] buffer() throws InterruptedException {
    return free.take();
  }

  void hashed(byte[] buffer, int length) throws InterruptedException {
    full.put(new Chunk(buffer, length));
  }

  /** Waits for the last buffer and answers the lower-case hex digest. */
  String hex() throws InterruptedException {
    if (hex == null) {
      full.put(END);
      thread.join();
      hex = HexFormat.of().formatHex(digest.digest());
    }
    return hex;
  }

  @Override
  public void close() {
    thread.interrupt();
  }

  private void hash() {
    try {
      for (Chunk c = full.take(); c != END; c = full.take()) {
        digest.update(c.bytes(), 0, c.length());
        free.put(c.bytes());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Feeds a local file's first {@code length} bytes (a partial download being resumed). */
  void prefix(Path file, long length) throws IOException, InterruptedException {
    try (InputStream in = Files.newInputStream(file)) {
      long left = length;
      while (left > 0) {
        byte[] b = buffer();
        int n = in.readNBytes(b, 0, (int) Math.min(b.length, left));
        if (n <= 0) {
          throw new IOException(file + " is shorter than " + length + " bytes");
        }
        hashed(b, n);
        left -= n;
      }
    }
  }

  /** The hex SHA-256 of a whole local file. */
  static String of(Path file) throws IOException {
    MessageDigest d = newDigest();
    byte[] b = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(b)) > 0; ) {
        d.update(b, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
