package dev.coffer.files.storage.fs;

import static dev.coffer.files.storage.fs.Refusals.isLink;
import static dev.coffer.files.storage.fs.Refusals.reason;

import dev.coffer.files.quota.SpaceReserver;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whole trees below an opened folder: their size, their deletion and their copy, all relative to
 * open handles with no link followed, and all tolerant of others changing the tree meanwhile.
 */
final class Trees {

  private Trees() {}

  /** Bytes of regular files below {@code dir}; what vanishes while counting is not counted. */
  static long size(Dir dir) throws IOException {
    long total = 0;
    for (String name : dir.names()) {
      BasicFileAttributes a = dir.statOrNull(name);
      if (a == null) {
        continue;
      }
      if (a.isRegularFile()) {
        total += a.size();
      } else if (a.isDirectory()) {
        try (Dir sub = dir.open(name)) {
          total += size(sub);
        } catch (NoSuchFileException | NotDirectoryException e) {
          // gone meanwhile
        } catch (FileSystemException e) {
          if (!isLink(e)) {
            throw e;
          }
        }
      }
    }
    return total;
  }

  /**
   * Deletes {@code name} in {@code parent} and everything below it, relative to open handles and
   * following no link (a link is removed, never what it points to); returns the bytes of regular
   * files removed. What others remove meanwhile is skipped; what they add meanwhile is removed too.
   */
  static long delete(Dir parent, String name) throws IOException {
    long total = 0;
    for (int round = 0; round <= Dir.RETRIES; round++) {
      BasicFileAttributes a = parent.statOrNull(name);
      if (a == null) {
        return total;
      }
      if (!a.isDirectory()) {
        try {
          parent.deleteFile(name);
          return total + (a.isRegularFile() ? a.size() : 0);
        } catch (NoSuchFileException e) {
          return total;
        } catch (FileSystemException e) {
          if (reason(e, "Is a directory")) {
            continue; // replaced by a folder meanwhile
          }
          throw e;
        }
      }
      try (Dir dir = parent.open(name)) {
        for (String child : dir.names()) {
          total += delete(dir, child);
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        continue;
      } catch (FileSystemException e) {
        if (isLink(e)) {
          continue; // replaced by a link meanwhile: the next round removes the link itself
        }
        throw e;
      }
      try {
        parent.deleteFolder(name);
        return total;
      } catch (NoSuchFileException e) {
        return total;
      } catch (DirectoryNotEmptyException e) {
        // filled again meanwhile: empty it again
      }
    }
    throw new DirectoryNotEmptyException(parent.path().resolve(name).toString());
  }

  /** Deletes what a failed operation left in staging, if it can. */
  static void deleteQuietly(Dir dir, String name) {
    try {
      delete(dir, name);
    } catch (IOException e) {
      // Staging is swept at the next start.
    }
  }

  /**
   * Copies the tree under {@code source} to the new folder {@code target} in staging (the storage's
   * own, so plain paths are safe there), flushing every file and folder written, with each file's
   * digest. Entries removed while copying are left out; links and special files are never copied.
   *
   * @param copied adds the bytes copied to its first element
   * @param reserver asked for the bytes before each file is copied
   */
  static void copy(Dir source, Path target, long[] copied, SpaceReserver reserver)
      throws IOException {
    Files.createDirectory(target);
    for (String name : source.names()) {
      BasicFileAttributes a = source.statOrNull(name);
      if (a == null) {
        continue;
      }
      try {
        if (a.isDirectory()) {
          try (Dir sub = source.open(name)) {
            copy(sub, target.resolve(name), copied, reserver);
          }
        } else if (a.isRegularFile()) {
          copyFile(source, name, target.resolve(name), copied, reserver);
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        // Removed or replaced while copying: the copy shows the tree without it.
      }
    }
    try (FileChannel folder = FileChannel.open(target, StandardOpenOption.READ)) {
      folder.force(true);
    }
  }

  private static void copyFile(
      Dir source, String name, Path target, long[] copied, SpaceReserver reserver)
      throws IOException {
    try (FileChannel in = source.openFile(name, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long size = in.size();
      reserver.need(copied[0] + size);
      for (long done = 0; done < size; ) {
        long n = in.transferTo(done, size - done, out);
        if (n <= 0) {
          break; // shorter than it was a moment ago; copy what there is
        }
        done += n;
      }
      copied[0] += out.size();
      String sha = Digests.read(source.path().resolve(name));
      if (sha != null) {
        Digests.write(target, sha);
      }
      out.force(true);
    }
  }
}
