package dev.coffer.files.storage.fs;

import static dev.coffer.files.storage.fs.Refusals.reason;
import static dev.coffer.files.storage.fs.Refusals.unsafe;

import dev.coffer.cluster.SharedLocks;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;

/**
 * One step of a walk: opens a sub-folder of an opened folder, making it first when asked, with no
 * link followed. Java has no {@code mkdirat}, and a plain {@code mkdir} by name would follow a link
 * swapped in above: so a folder is made empty in staging (the storage's own) and renamed into the
 * opened parent.
 */
final class Folders {

  private final Dir staging;

  /** Held only while one folder is created; never while taking another lock. */
  private final SharedLocks folderLocks;

  Folders(Dir staging) {
    this(staging, SharedLocks.inProcess());
  }

  Folders(Dir staging, SharedLocks folderLocks) {
    this.staging = staging;
    this.folderLocks = folderLocks;
  }

  /**
   * Opens the sub-folder {@code name} of {@code dir}, creating it first when missing and {@code
   * create} is set; null when missing otherwise. A folder removed between looking and opening is
   * looked at again.
   *
   * @param lockKey names the folder for the lock that serialises its creation
   * @param created when not null, its first element tells whether this call made the folder
   * @throws StorageException {@code UNSAFE_PATH} for a link or special file, {@code NOT_A_FOLDER}
   *     for a file
   */
  @Nullable Dir step(
      Dir dir, String name, boolean create, String lockKey, boolean @Nullable [] created)
      throws IOException {
    if (created != null) {
      created[0] = false;
    }
    for (int attempt = 0; ; attempt++) {
      BasicFileAttributes a = dir.statOrNull(name);
      if (a == null) {
        if (!create) {
          return null;
        }
        boolean made = createFolder(dir, name, lockKey);
        if (created != null) {
          created[0] = made;
        }
        a = dir.statOrNull(name);
        if (a == null) {
          if (attempt < Dir.RETRIES) {
            continue;
          }
          throw new NoSuchFileException(name);
        }
      }
      if (a.isSymbolicLink() || a.isOther()) {
        throw unsafe();
      }
      if (!a.isDirectory()) {
        throw new StorageException(
            Reason.NOT_A_FOLDER, "A file stands where a folder is needed on this path.");
      }
      try {
        return dir.open(name);
      } catch (NoSuchFileException e) {
        if (attempt >= Dir.RETRIES) {
          throw e;
        }
      } catch (NotDirectoryException e) {
        throw new StorageException(
            Reason.NOT_A_FOLDER, "A file stands where a folder is needed on this path.");
      }
    }
  }

  /**
   * Creates the empty folder {@code name} in {@code parent}, unless something is there already;
   * true when this call made it. The parent is flushed, so the new name survives a power cut.
   */
  private boolean createFolder(Dir parent, String name, String lockKey) throws IOException {
    Lock lock = folderLocks.of(lockKey);
    lock.lock();
    try {
      if (parent.statOrNull(name) != null) {
        return false;
      }
      String temp = UUID.randomUUID() + ".dir";
      Files.createDirectory(staging.path().resolve(temp));
      try {
        staging.rename(temp, parent, name);
      } catch (IOException e) {
        Trees.deleteQuietly(staging, temp);
        if (e instanceof DirectoryNotEmptyException || reason(e, "Directory not empty")) {
          return false; // made by someone else meanwhile, and already in use
        }
        throw e;
      }
      parent.sync();
      return true;
    } finally {
      lock.unlock();
    }
  }
}
