package dev.coffer.files.storage;

import java.io.IOException;
import java.io.InputStream;

/** What {@link Storage#walk} hands each entry of a tree to. */
public interface TreeVisitor {

  /** A folder below the walked one; the entries below it follow. */
  void folder(FileInfo folder) throws IOException;

  /**
   * A file; {@code content} opens its bytes, and may be used only during this call (the file is
   * opened then, once).
   */
  void file(FileInfo file, Content content) throws IOException;

  /** The bytes of a file met by a walk. */
  @FunctionalInterface
  interface Content {
    /**
     * Opens the file's bytes as a stream; the caller closes it.
     *
     * @throws StorageException {@code NOT_FOUND} when the file was removed since the walk met it
     */
    InputStream open() throws IOException;
  }
}
