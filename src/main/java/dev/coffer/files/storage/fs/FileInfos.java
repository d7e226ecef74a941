package dev.coffer.files.storage.fs;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.StoragePath;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link FileInfo} says about an entry on disk: size and time from its attributes, an etag
 * from its version (size, time, identity) and the digest its attribute carries ({@link Digests}).
 */
final class FileInfos {

  private final Digests digests = new Digests();

  FileInfo of(StoragePath path, Path file, BasicFileAttributes a) {
    boolean folder = a.isDirectory();
    return new FileInfo(
        path,
        folder,
        folder ? 0 : a.size(),
        a.lastModifiedTime().toInstant(),
        etag(file, a),
        folder ? null : digests.known(file, a));
  }

  /** Changes whenever the content can have: a new file, a new size or a new modification time. */
  static String etag(Path file, BasicFileAttributes a) {
    Object key = a.fileKey();
    long identity = key == null ? Objects.hashCode(file) : key.hashCode();
    return Long.toHexString(a.size())
        + "-"
        + Long.toHexString(a.lastModifiedTime().to(TimeUnit.MICROSECONDS))
        + "-"
        + Integer.toHexString((int) identity);
  }
}
