package dev.coffer.files.storage;

/**
 * A slice of a file: {@code length} bytes from {@code start}. The web layer resolves {@code Range}
 * headers against the file size before asking for one.
 */
public record ByteRange(long start, long length) {

  public ByteRange {
    if (start < 0 || length < 0) {
      throw new IllegalArgumentException("negative range");
    }
  }

  /** The whole of a file of {@code size} bytes. */
  public static ByteRange all(long size) {
    return new ByteRange(0, size);
  }

  /** The last byte's offset (inclusive), as {@code Content-Range} writes it. */
  public long end() {
    return start + length - 1;
  }
}
