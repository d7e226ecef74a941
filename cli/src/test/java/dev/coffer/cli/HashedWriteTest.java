package dev.coffer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InterruptedIOException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
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
  void writesWholeBuffersWhileTheyLandQuickly() throws Exception {
    int buffers = 2 * HashedWrite.JUDGED_BUFFERS + 1;
    byte[] d = data(buffers * HashedWrite.BUFFER + 5);
    Path file = dir.resolve("out.bin");
    try (RecordingChannel out = new RecordingChannel(open(file), 0);
        HashedWrite w = new HashedWrite(out, true, Long.MAX_VALUE)) {
      add(w, d, 0, HashedWrite.BUFFER);
      assertEquals(sha256(d), w.finish());
      List<Integer> expected = new ArrayList<>(Collections.nCopies(buffers, HashedWrite.BUFFER));
      expected.add(5);
      assertEquals(expected, out.sizes);
    }
    assertArrayEquals(d, Files.readAllBytes(file));
  }

  @Test
  void wholeBuffersThatLandSlowlySwitchTheRestToCurlsSmallWrites() throws Exception {
    int judged = HashedWrite.JUDGED_BUFFERS;
    byte[] d = data((judged + 3) * HashedWrite.BUFFER + 5);
    Path file = dir.resolve("out.bin");
    try (RecordingChannel out = new RecordingChannel(open(file), 3);
        HashedWrite w = new HashedWrite(out, true)) {
      add(w, d, 0, HashedWrite.BUFFER);
      assertEquals(sha256(d), w.finish());
      assertEquals(
          List.of(HashedWrite.BUFFER),
          out.sizes.subList(0, judged).stream().distinct().toList(),
          "the buffers judged go whole");
      assertEquals(
          List.of(HashedWrite.SMALL_WRITE),
          out.sizes.subList(judged, out.sizes.size() - 1).stream().distinct().toList(),
          "and the rest in small writes");
    }
    assertArrayEquals(d, Files.readAllBytes(file));
  }

  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  /**
   * A file channel that notes the size of every write it is asked for, takes {@code slowMillis}
   * over each larger than a small one, and passes everything on.
   */
  private static final class RecordingChannel extends FileChannel {
    private final FileChannel real;
    private final long slowMillis;
    final List<Integer> sizes = new CopyOnWriteArrayList<>();

    RecordingChannel(FileChannel real, long slowMillis) {
      this.real = real;
      this.slowMillis = slowMillis;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      sizes.add(src.remaining());
      if (src.remaining() > HashedWrite.SMALL_WRITE && slowMillis > 0) {
        try {
          Thread.sleep(slowMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException();
        }
      }
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
