package dev.coffer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
