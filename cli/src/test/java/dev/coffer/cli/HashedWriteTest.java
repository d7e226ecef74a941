package dev.coffer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The download's landing: bytes written in order, hashed with what was already there. */
@Timeout(30)
class HashedWriteTest {

  @TempDir Path dir;

  private static byte[] data(int size) {
    byte[] d = new byte[size];
    new Random(11).nextBytes(d);
    return d;
  }

  private static String sha256(byte[] d) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(d));
  }

  /** Hands {@code data} over in pieces of {@code piece} bytes, as a network read would. */
  private static void add(HashedWrite w, byte[] data, int from, int piece) throws IOException {
    for (int at = from; at < data.length; at += piece) {
      ByteBuffer b = w.buffer();
      b.put(data, at, Math.min(piece, data.length - at)).flip();
      w.add(b);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void writesEverythingInOrderAndHashesIt(boolean direct) throws Exception {
    byte[] d = data(20 * HashedWrite.BUFFER + 12_345); // more than all the buffers at once
    Path file = dir.resolve("out.bin");
    try (FileChannel out =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        HashedWrite w = new HashedWrite(out, direct)) {
      add(w, d, 0, HashedWrite.BUFFER - 7);
      assertEquals(sha256(d), w.finish());
    }
    assertArrayEquals(d, Files.readAllBytes(file));
  }

  @Test
  void aResumedFileIsHashedFromItsFirstByteAndOnlyTheRestWritten() throws Exception {
    byte[] d = data(3 * HashedWrite.BUFFER + 99);
    int have = HashedWrite.BUFFER + 5;
    Path file = Files.write(dir.resolve("part"), Arrays.copyOf(d, have));
    try (FileChannel out =
            FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        HashedWrite w = new HashedWrite(out, true)) {
      w.prefix(file, have);
      add(w, d, have, 100_000);
      assertEquals(sha256(d), w.finish());
    }
    assertArrayEquals(d, Files.readAllBytes(file));
  }

  @Test
  void aPrefixLongerThanTheFileIsRefused() throws Exception {
    Path file = Files.write(dir.resolve("short"), data(10));
    try (FileChannel out =
            FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        HashedWrite w = new HashedWrite(out, false)) {
      assertThrows(IOException.class, () -> w.prefix(file, 11));
    }
  }

  @Test
  void writesTheFileInSlicesAsSmallAsCurlsWhateverTheBuffer() throws Exception {
    byte[] d = data(3 * HashedWrite.BUFFER + 5);
    Path file = dir.resolve("out.bin");
    try (FileChannel real =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        RecordingChannel out = new RecordingChannel(real);
        HashedWrite w = new HashedWrite(out, true)) {
      add(w, d, 0, HashedWrite.BUFFER);
      assertEquals(sha256(d), w.finish());
      assertEquals(HashedWrite.WRITE_SLICE, out.largest, "no write larger than a slice");
    }
    assertArrayEquals(d, Files.readAllBytes(file));
  }

  /** A file channel that notes the largest write it was asked for, and passes everything on. */
  private static final class RecordingChannel extends FileChannel {
    private final FileChannel real;
    volatile int largest;

    RecordingChannel(FileChannel real) {
      this.real = real;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      largest = Math.max(largest, src.remaining());
      return real.write(src);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return real.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      throw new UnsupportedOperationException("gathering write");
    }

    @Override
    public long position() throws IOException {
      return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      real.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      real.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      throw new UnsupportedOperationException("transferTo");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException("transferFrom");
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) {
      throw new UnsupportedOperationException("positional write");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException("map");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException("lock");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException("tryLock");
    }

    @Override
    protected void implCloseChannel() throws IOException {
      real.close();
    }
  }

  @Test
  void aFailedWriteReachesTheReaderInsteadOfHangingIt() throws Exception {
    Path file = Files.write(dir.resolve("read-only"), new byte[0]);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.READ);
        HashedWrite w = new HashedWrite(out, false)) {
      // every write fails; the reader learns of it at a later buffer() or at finish(), never waits
      assertThrows(
          IOException.class,
          () -> {
            add(w, data(40 * HashedWrite.BUFFER), 0, HashedWrite.BUFFER);
            w.finish();
          });
    }
  }
}
