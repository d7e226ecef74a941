package dev.coffer.files.storage.fs;

import static dev.coffer.files.storage.fs.Refusals.meaningOf;
import static dev.coffer.files.storage.fs.Refusals.unsafe;

import dev.coffer.cluster.SharedLocks;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;

/**
 * Puts finished content in place: a complete, verified and flushed file in staging (or in the
 * partial uploads) is renamed to its path in a home, under the path's lock, and the folder that
 * received it is flushed. Until that rename the old version (or nothing) is what a reader or a
 * crash sees; after it, the new one whole.
 */
final class Committer {

  private final Homes homes;
  private final SharedLocks pathLocks;
  private final FileInfos infos;

  Committer(Homes homes, SharedLocks pathLocks, FileInfos infos) {
    this.homes = homes;
    this.pathLocks = pathLocks;
    this.infos = infos;
  }

  /**
   * Renames {@code name} in {@code from} to {@code path}, then flushes the folder that received it.
   * Under the path's lock the conditions are checked again, so of racing writers each sees a
   * consistent state and one version wins whole. When the target's folder is removed or replaced
   * between the walk and the rename (the rename then fails: a removed folder takes no new entries),
   * the walk is taken again.
   */
  Written commit(String owner, StoragePath path, Dir from, String name, WriteOptions options)
      throws IOException {
    Lock lock = pathLocks.of(owner + "/" + path);
    lock.lock();
    try {
      for (int attempt = 0; ; attempt++) {
        BasicFileAttributes staged = from.statOrNull(name);
        if (staged == null) {
          throw new StorageException(Reason.NOT_FOUND, "The content to store is gone.");
        }
        try (Dir parent = Objects.requireNonNull(homes.folder(owner, path.parent(), true))) {
          BasicFileAttributes old = check(parent, path, options);
          try {
            from.rename(name, parent, path.name());
          } catch (NoSuchFileException e) {
            if (attempt < Dir.RETRIES) {
              continue;
            }
            throw e;
          }
          parent.sync();
          if (old != null && old.isRegularFile()) {
            options.space().release(old.size());
          }
          Path file = parent.path().resolve(path.name());
          return new Written(infos.of(path, file, staged), old == null);
        }
      }
    } catch (IOException e) {
      throw meaningOf(e, path);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The current entry at {@code path} in its opened {@code parent}, if any, after checking that
   * {@code options} allow replacing it; also called before the content arrives, to refuse early.
   */
  @Nullable BasicFileAttributes check(Dir parent, StoragePath path, WriteOptions options)
      throws IOException {
    BasicFileAttributes old = parent.statOrNull(path.name());
    if (old != null && (old.isSymbolicLink() || old.isOther())) {
      throw unsafe();
    }
    if (old != null && old.isDirectory()) {
      throw new StorageException(Reason.IS_A_FOLDER, "A folder stands at this path.");
    }
    if (options.ifMatch() != null
        && (old == null
            || !options
                .ifMatch()
                .equals(FileInfos.etag(parent.path().resolve(path.name()), old)))) {
      throw new StorageException(
          Reason.PRECONDITION_FAILED, "The file does not have the expected etag.");
    }
    if (old != null && !options.overwrite()) {
      throw new StorageException(Reason.ALREADY_EXISTS, "A file already exists at this path.");
    }
    return old;
  }

  /** Refuses content whose digest is not the one the client announced (if it announced one). */
  static void checkDigest(@Nullable String expected, String actual) {
    if (expected != null && !expected.equalsIgnoreCase(actual)) {
      throw new StorageException(
          Reason.DIGEST_MISMATCH, "The content does not match the SHA-256 the client sent.");
    }
  }
}
