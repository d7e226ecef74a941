package dev.coffer.files.storage.fs;

import static dev.coffer.files.storage.fs.Homes.entry;
import static dev.coffer.files.storage.fs.Refusals.meaningOf;
import static dev.coffer.files.storage.fs.Refusals.notFound;
import static dev.coffer.files.storage.fs.Refusals.unsafe;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;

/** Looking at entries and opening files in a home. */
final class Reader {

  private final Homes homes;
  private final FileInfos infos;

  Reader(Homes homes, FileInfos infos) {
    this.homes = homes;
    this.infos = infos;
  }

  FileInfo stat(String owner, StoragePath path) throws IOException {
    try {
      if (path.isRoot()) {
        try (Dir home = homes.home(owner, false)) {
          if (home == null) {
            return new FileInfo(path, true, 0, Instant.EPOCH, "0", null);
          }
          return infos.of(path, home.path(), home.attributes());
        }
      }
      try (Dir parent = homes.folder(owner, path.parent(), false)) {
        if (parent == null) {
          throw notFound(path);
        }
        BasicFileAttributes a = entry(path, parent.statOrNull(path.name()));
        return infos.of(path, parent.path().resolve(path.name()), a);
      }
    } catch (IOException e) {
      throw meaningOf(e, path);
    }
  }

  OpenFile open(String owner, StoragePath path) throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.IS_A_FOLDER, "This is a folder, not a file.");
    }
    try (Dir parent = homes.folder(owner, path.parent(), false)) {
      if (parent == null) {
        throw notFound(path);
      }
      String name = path.name();
      for (int attempt = 0; ; attempt++) {
        BasicFileAttributes before = entry(path, parent.statOrNull(name));
        if (before.isDirectory()) {
          throw new StorageException(Reason.IS_A_FOLDER, "This is a folder, not a file.");
        }
        FileChannel channel = parent.openFile(name, StandardOpenOption.READ);
        // The same file (device, inode, modification time) before and after opening: the info
        // describes the bytes we hold. (What was opened is inside the home in any case: it was
        // opened relative to its folder, with no link followed.) Otherwise look again.
        BasicFileAttributes after = parent.statOrNull(name);
        if (after != null
            && Objects.equals(before.fileKey(), after.fileKey())
            && before.lastModifiedTime().equals(after.lastModifiedTime())) {
          Path file = parent.path().resolve(name);
          return new FileSystemOpenFile(infos.of(path, file, after), channel, file);
        }
        channel.close();
        if (attempt == 3) {
          throw new IOException("the file keeps changing");
        }
      }
    } catch (AccessDeniedException e) {
      throw unsafe();
    } catch (IOException e) {
      throw meaningOf(e, path);
    }
  }
}
