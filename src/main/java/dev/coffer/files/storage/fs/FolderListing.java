package dev.coffer.files.storage.fs;

import static dev.coffer.files.storage.fs.Refusals.isLink;
import static dev.coffer.files.storage.fs.Refusals.meaningOf;
import static dev.coffer.files.storage.fs.Refusals.notFound;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.InvalidPathException;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.Listings;
import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page of a folder in a home, or of the whole tree below it. */
final class FolderListing {

  private final Homes homes;
  private final FileInfos infos;

  FolderListing(Homes homes, FileInfos infos) {
    this.homes = homes;
    this.infos = infos;
  }

  public Listing list(String owner, StoragePath path, ListOptions options) throws IOException {
    List<FileInfo> entries = new ArrayList<>();
    try (Dir dir = folder(owner, path, false)) {
      if (dir == null) {
        if (path.isRoot()) {
          return new Listing(List.of(), null);
        }
        throw notFound(path);
      }
      collect(dir, path, options.recursive(), entries);
    } catch (IOException e) {
      throw meaningOf(e, path);
    }
    return Listings.page(entries, options);
  }

  /**
   * Adds the entries of {@code dir} (at {@code at}) to {@code entries}, and with {@code recursive}
   * those of its folders. Entries that vanish while listed are left out, as are links, special
   * files and names that could never be a {@link StoragePath} (put there by hand).
   */
  private void collect(Dir dir, StoragePath at, boolean recursive, List<FileInfo> entries)
      throws IOException {
    for (String name : dir.names()) {
      StoragePath child = childOrNull(at, name);
      BasicFileAttributes a = child == null ? null : dir.statOrNull(name);
      if (child == null || a == null || !(a.isRegularFile() || a.isDirectory())) {
        continue;
      }
      entries.add(toInfo(child, dir.path().resolve(name), a));
      if (recursive && a.isDirectory()) {
        try (Dir sub = dir.open(name)) {
          collect(sub, child, true, entries);
        } catch (NoSuchFileException | NotDirectoryException e) {
          // Removed or replaced while listing: there is nothing below it to show.
        } catch (FileSystemException e) {
          if (!isLink(e)) {
            throw e;
          }
        }
      }
    }
  }

  /** The child's path, or null when its name on disk could never be a {@link StoragePath}. */
  private static @Nullable StoragePath childOrNull(StoragePath parent, String name) {
    try {
      StoragePath child = parent.child(name);
      return child.name().equals(name) ? child : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private @Nullable Dir folder(String owner, StoragePath path, boolean create) throws IOException {
    return homes.folder(owner, path, create);
  }

  private FileInfo toInfo(StoragePath path, Path file, BasicFileAttributes a) {
    return infos.of(path, file, a);
  }
}
