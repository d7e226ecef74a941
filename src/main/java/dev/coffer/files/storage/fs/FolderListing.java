package dev.coffer.files.storage.fs;

import static dev.coffer.files.storage.fs.Refusals.meaningOf;
import static dev.coffer.files.storage.fs.Refusals.notFound;

import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.TreeVisitor;
import java.io.IOException;
import java.util.List;

/**
 * A page of a folder in a home, or of the whole tree below it, at the cost of a page ({@link
 * FolderPages}); and the walk of a tree ({@link TreeWalk}).
 */
final class FolderListing {

  private final Homes homes;
  private final FileInfos infos;

  private final NameSnapshots snapshots;

  FolderListing(Homes homes, FileInfos infos, NameSnapshots snapshots) {
    this.homes = homes;
    this.infos = infos;
    this.snapshots = snapshots;
  }

  public Listing list(String owner, StoragePath path, ListOptions options) throws IOException {
    try (Dir dir = homes.folder(owner, path, false)) {
      if (dir == null) {
        if (path.isRoot()) {
          return new Listing(List.of(), null);
        }
        throw notFound(path);
      }
      return FolderPages.page(dir, path, options, infos::of, snapshots, owner);
    } catch (IOException e) {
      throw meaningOf(e, path);
    }
  }

  /** {@link dev.coffer.files.storage.Storage#walk}: one walk, no digests read. */
  void walk(String owner, StoragePath path, TreeVisitor visitor) throws IOException {
    try (Dir dir = homes.folder(owner, path, false)) {
      if (dir == null) {
        if (path.isRoot()) {
          return;
        }
        throw notFound(path);
      }
      TreeWalk.walk(dir, path, infos::withoutDigest, visitor);
    } catch (IOException e) {
      throw meaningOf(e, path);
    }
  }
}
