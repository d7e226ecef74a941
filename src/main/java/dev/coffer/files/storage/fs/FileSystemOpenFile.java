package dev.coffer.files.storage.fs;

import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.OpenFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A file opened by {@link FileSystemStorage}. Large ranges are memory-mapped window by window and
 * handed to the target channel, so the bytes go from the page cache to the socket without passing
 * through the Java heap; small ones are read into one heap buffer, which is cheaper than a mapping.
 * A servlet container can also send it itself ({@link Sendfile}).
 */
final class FileSystemOpenFile implements OpenFile, Sendfile {

  private static final long MAP_WINDOW = 16L * 1024 * 1024;
  private static final int SMALL = 256 * 1024;

  private final FileInfo info;
  private final FileChannel channel;
  private final Path file;

  FileSystemOpenFile(FileInfo info, FileChannel channel, Path file) {
    this.info = info;
    this.channel = channel;
    this.file = file;
  }

  @Override
  public boolean sendfile(ByteRange range, Container container) {
    return container.sendfile(file.toString(), range.start(), range.start() + range.length());
  }

  @Override
  public FileInfo info() {
    return info;
  }

  @Override
  public long transferTo(ByteRange range, WritableByteChannel target) throws IOException {
    check(range);
    if (range.length() <= SMALL) {
      ByteBuffer buffer = ByteBuffer.allocate((int) range.length());
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, range.start() + buffer.position()) < 0) {
          throw new IOException("the file ended early");
        }
      }
      buffer.flip();
      writeAll(buffer, target);
      return range.length();
    }
    long done = 0;
    while (done < range.length()) {
      long size = Math.min(MAP_WINDOW, range.length() - done);
      MappedByteBuffer window =
          channel.map(FileChannel.MapMode.READ_ONLY, range.start() + done, size);
      writeAll(window, target);
      done += size;
    }
    return done;
  }

  @Override
  public InputStream stream(ByteRange range) {
    check(range);
    return new InputStream() {
      private long position = range.start();
      private final long end = range.start() + range.length();

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (position >= end) {
          return -1;
        }
        int n =
            channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
        if (n > 0) {
          position += n;
        }
        return n;
      }
    };
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void check(ByteRange range) {
    if (range.start() + range.length() > info.size()) {
      throw new IllegalArgumentException("range beyond the end of the file");
    }
  }

  private static void writeAll(ByteBuffer buffer, WritableByteChannel target) throws IOException {
    while (buffer.hasRemaining()) {
      target.write(buffer);
    }
  }
}
