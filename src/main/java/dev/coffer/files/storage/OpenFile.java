package dev.coffer.files.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.WritableByteChannel;

/**
 * A file opened for reading. Its {@link #info()} and bytes belong together: if the file is replaced
 * or deleted while this is open, reading goes on returning the version that was opened. Close it
 * when done. It tells nothing about where the bytes live (no local path): a backend that can offer
 * a zero-copy send does so through a capability of its own (see {@link Storage}).
 */
public interface OpenFile extends Closeable {

  /** The file as it was when opened. */
  FileInfo info();

  /**
   * Writes the bytes of {@code range} to {@code target}, as directly as the backend can (the file
   * system backend maps the file and hands the pages to the channel, so nothing is copied through
   * the Java heap).
   *
   * @return the number of bytes written
   * @throws IOException when reading fails or the target refuses bytes (a client gone away)
   */
  long transferTo(ByteRange range, WritableByteChannel target) throws IOException;

  /** The bytes of {@code range} as a stream, for callers that need one (such as a zip writer). */
  InputStream stream(ByteRange range) throws IOException;
}
