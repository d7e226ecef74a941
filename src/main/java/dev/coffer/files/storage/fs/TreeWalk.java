package dev.coffer.files.storage.fs;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.InvalidPathException;
import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.TreeVisitor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Unordered walks of a tree of opened folders ({@link Dir}), in the order of the folders on disk,
 * and the rules every walk of a home follows: entries that vanish meanwhile, links, special files
 * and names that could never be a {@link StoragePath} (put there by hand) are left out.
 */
final class TreeWalk {

  /** What an unordered walk meets: an entry of {@code in}, looked at, a file or a folder. */
  @FunctionalInterface
  interface EntryAction {
    void accept(Dir in, String name, StoragePath path, BasicFileAttributes attributes)
        throws IOException;
  }

  private TreeWalk() {}

  /**
   * Visits every file and folder in {@code dir} (with {@code recursive}, below it), each folder
   * before its entries: one scan per folder, memory and open handles in proportion to the depth
   * only.
   */
  static void walk(Dir dir, StoragePath at, boolean recursive, EntryAction action)
      throws IOException {
    dir.scan(
        name -> {
          StoragePath path = childOrNull(at, name);
          BasicFileAttributes a = path == null ? null : dir.statOrNull(name);
          if (path == null || a == null || !(a.isRegularFile() || a.isDirectory())) {
            return;
          }
          action.accept(dir, name, path, a);
          if (recursive && a.isDirectory()) {
            try (Dir sub = openOrNull(dir, name)) {
              if (sub != null) {
                walk(sub, path, true, action);
              }
            }
          }
        });
  }

  /**
   * The {@link Storage#walk} of the file-system backend: each file is opened once, relative to its
   * open folder, when the visitor asks for its content.
   */
  static void walk(Dir dir, StoragePath at, FolderPages.Describer describer, TreeVisitor visitor)
      throws IOException {
    walk(
        dir,
        at,
        true,
        (in, name, path, a) -> {
          Path file = in.path().resolve(name);
          FileInfo info = describer.describe(path, file, a);
          if (a.isDirectory()) {
            visitor.folder(info);
          } else {
            visitor.file(info, () -> content(in, name, path));
          }
        });
  }

  private static InputStream content(Dir in, String name, StoragePath path) throws IOException {
    try {
      return Channels.newInputStream(in.openFile(name, StandardOpenOption.READ));
    } catch (NoSuchFileException e) {
      throw new StorageException(Reason.NOT_FOUND, "'" + path + "' was removed meanwhile.");
    } catch (FileSystemException e) {
      if (Refusals.isLink(e)) {
        throw new StorageException(Reason.UNSAFE_PATH, "'" + path + "' became a link meanwhile.");
      }
      throw e;
    }
  }

  /** Opens a sub-folder; null when it is gone, no folder any more, or a link now. */
  static @Nullable Dir openOrNull(Dir dir, String name) throws IOException {
    try {
      return dir.open(name);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    } catch (FileSystemException e) {
      if (Refusals.isLink(e)) {
        return null;
      }
      throw e;
    }
  }

  /** The child's path, or null when its name on disk could never be a {@link StoragePath}. */
  static @Nullable StoragePath childOrNull(StoragePath parent, String name) {
    try {
      StoragePath child = parent.child(name);
      return child.name().equals(name) ? child : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
