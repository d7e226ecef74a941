package dev.coffer.files;

import dev.coffer.files.ZipStream.SpillFailure;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipException;

/**
 * The central directory of a {@link ZipStream} while the zip is written: each record is appended to
 * a temporary file through one 64 KiB buffer, and the whole is copied to the output at the end, so
 * memory does not grow with the number of entries. Every failure of the file is a {@link
 * SpillFailure} (the server's, not the client's).
 *
 * <p>The file is opened with {@link StandardOpenOption#DELETE_ON_CLOSE}, which on Linux unlinks it
 * as soon as it is open (nothing is left behind even if the JVM dies); elsewhere {@link #close()}
 * deletes it.
 */
final class CentralDirectorySpill implements Closeable {

  private static final int BUFFER = 64 * 1024;

  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
  private long size;

  /** A new, empty spill file in {@code folder}. */
  CentralDirectorySpill(Path folder) throws SpillFailure {
    Path created;
    try {
      created = Files.createTempFile(folder, "coffer-zip-", ".cen");
    } catch (IOException e) {
      throw new SpillFailure(e);
    }
    try {
      this.channel =
          FileChannel.open(
              created,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException e) {
      deleteQuietly(created);
      throw new SpillFailure(e);
    }
    this.path = created;
  }

  /** Appends one record. */
  void append(byte[] record) throws SpillFailure {
    size += record.length;
    for (int at = 0; at < record.length; ) {
      if (!buffer.hasRemaining()) {
        flush();
      }
      int n = Math.min(record.length - at, buffer.remaining());
      buffer.put(record, at, n);
      at += n;
    }
  }

  /** The bytes appended so far. */
  long size() {
    return size;
  }

  /** Writes everything appended to {@code out}, in order, exactly {@link #size()} bytes. */
  void copyTo(OutputStream out) throws IOException {
    flush();
    for (long position = 0; position < size; ) {
      buffer.clear();
      int n = read(position);
      if (n < 0) {
        throw new ZipException("the central directory spill ended early");
      }
      out.write(buffer.array(), 0, n);
      position += n;
    }
    buffer.clear();
  }

  /** Deletes the spill file. */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      Files.deleteIfExists(path);
    }
  }

  private void flush() throws SpillFailure {
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new SpillFailure(e);
    }
    buffer.clear();
  }

  private int read(long position) throws SpillFailure {
    try {
      return channel.read(buffer, position);
    } catch (IOException e) {
      throw new SpillFailure(e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Nothing more to do: the file was never opened, and the temp folder is the OS's to clean.
    }
  }
}
