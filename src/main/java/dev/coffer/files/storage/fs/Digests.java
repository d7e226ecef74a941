package dev.coffer.files.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ConcurrentLruCache;

/**
 * The SHA-256 that travels with a file in its {@code user.coffer.sha256} extended attribute (when
 * the file system has none, digests are simply unknown), remembered per file version.
 */
final class Digests {

  static final String ATTRIBUTE = "coffer.sha256";
  private static final int CACHE_SIZE = 4096;

  private final ConcurrentLruCache<Version, Optional<String>> cache =
      new ConcurrentLruCache<>(CACHE_SIZE, v -> Optional.ofNullable(read(v.file())));

  /**
   * The stored digest of a file, remembered per version: reading the attribute costs an open, a
   * read and a close, more than the rest of a small download's file work. A version is its file
   * identity (device and inode), size and modification time; content is only ever replaced by
   * renaming a new file in, so a changed file is a new version and misses.
   */
  @Nullable String known(Path file, BasicFileAttributes a) {
    Object identity = a.fileKey();
    if (identity == null) {
      return read(file);
    }
    return cache.get(new Version(file, identity, a.size(), a.lastModifiedTime())).orElse(null);
  }

  private record Version(Path file, Object identity, long size, FileTime modified) {}

  /** The attribute as stored, or null. */
  static @Nullable String read(Path file) {
    try {
      UserDefinedFileAttributeView view =
          Files.getFileAttributeView(
              file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (view == null) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.allocate(64);
      int n = view.read(ATTRIBUTE, buffer);
      return n == 64 ? new String(buffer.array(), 0, n, StandardCharsets.US_ASCII) : null;
    } catch (IOException | UnsupportedOperationException e) {
      return null; // no attribute, or a file system without user attributes
    }
  }

  /** Stores the digest on a file the storage owns (in staging or partials), if it can. */
  static void write(Path file, String sha256) {
    try {
      UserDefinedFileAttributeView view =
          Files.getFileAttributeView(
              file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (view != null) {
        view.write(
            ATTRIBUTE,
            ByteBuffer.wrap(sha256.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)));
      }
    } catch (IOException | UnsupportedOperationException e) {
      // The digest stays unknown; the content is what matters.
    }
  }
}
