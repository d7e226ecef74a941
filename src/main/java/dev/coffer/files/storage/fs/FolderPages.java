package dev.coffer.files.storage.fs;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.Listings;
import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Listing pages over opened folders ({@link Dir}), at the cost of a page rather than of the folder:
 * a page of {@code limit} entries holds O(limit) entries in memory, reads the digests of those it
 * returns only, and scans each folder it touches once (twice at most for a folder it resumes in and
 * leaves, when more than a page of its entries comes first).
 *
 * <ul>
 *   <li><b>By name</b>: one scan of the folder's names keeps the {@code limit + 1} smallest after
 *       the cursor in a bounded heap; only those are looked at ({@code fstatat}). Names alone
 *       decide the order, except where one name is another followed by a character below {@code /}:
 *       then whether the shorter is a folder decides, and only it is looked at. Recursive: the
 *       same, one level per folder on the way (a depth-first walk whose frontier is one bounded
 *       batch per level, {@link NameWalk}), resumed from the cursor's path. A cursor page of one
 *       large folder comes from a sorted snapshot of its names instead, while the folder is
 *       unchanged ({@link NameSnapshots}).
 *   <li><b>By size or time</b>: every entry after the cursor must be looked at to know its key: one
 *       scan with a look at each entry (for a recursive listing, of the whole tree, {@link
 *       TreeWalk}) and a bounded top-k of {@code limit + 1}.
 * </ul>
 */
final class FolderPages {

  /** Turns an entry into what the listing returns (with its digest). */
  @FunctionalInterface
  interface Describer {
    FileInfo describe(StoragePath path, Path file, BasicFileAttributes attributes);
  }

  private FolderPages() {}

  /** One page of the folder {@code dir} at {@code at}. */
  static Listing page(Dir dir, StoragePath at, ListOptions options, Describer describer)
      throws IOException {
    return page(dir, at, options, describer, null, "");
  }

  /**
   * One page of the folder {@code dir} of {@code owner} at {@code at}; a cursor page by name of one
   * folder comes from the folder's snapshot in {@code snapshots} when one is valid.
   */
  static Listing page(
      Dir dir,
      StoragePath at,
      ListOptions options,
      Describer describer,
      @Nullable NameSnapshots snapshots,
      String owner)
      throws IOException {
    FileInfo after = options.cursor() == null ? null : Listings.decode(at, options);
    List<Found> first = null;
    if (options.sort() == ListOptions.Sort.NAME
        && !options.recursive()
        && after != null
        && snapshots != null
        && snapshots.enabled()) {
      first = bySnapshot(dir, at, options, after, snapshots, owner);
    }
    if (first == null) {
      first =
          options.sort() == ListOptions.Sort.NAME
              ? byName(dir, at, options, after)
              : byKey(dir, at, options, after);
    }
    List<FileInfo> entries = new ArrayList<>(first.size());
    for (int i = 0; i < first.size(); i++) {
      Found f = first.get(i);
      // The one past the page only says that there is more: its digest is not needed.
      entries.add(
          i < options.limit()
              ? describer.describe(f.path(), f.file(), f.attributes())
              : new FileInfo(f.path(), f.attributes().isDirectory(), 0, f.modified(), "", null));
    }
    return Listings.ofFirst(entries, options);
  }

  // ---- by size or time: bounded top-k over everything after the cursor ---------------------

  private static List<Found> byKey(
      Dir dir, StoragePath at, ListOptions options, @Nullable FileInfo after) throws IOException {
    Comparator<FileInfo> order = Listings.order(options);
    Listings.Smallest<Candidate> best =
        new Listings.Smallest<>(Comparator.comparing(Candidate::key, order), options.limit() + 1);
    TreeWalk.walk(
        dir,
        at,
        options.recursive(),
        (in, name, path, a) -> {
          FileInfo key =
              new FileInfo(
                  path,
                  a.isDirectory(),
                  a.isDirectory() ? 0 : a.size(),
                  a.lastModifiedTime().toInstant(),
                  "",
                  null);
          if (after == null || order.compare(key, after) > 0) {
            best.offer(new Candidate(key, in.path().resolve(name), a));
          }
        });
    return best.inOrder().stream()
        .map(c -> new Found(c.key().path(), c.file(), c.attributes()))
        .toList();
  }

  private record Candidate(FileInfo key, Path file, BasicFileAttributes attributes) {}

  // ---- by name: a bounded batch per level ---------------------------------------------------

  private static List<Found> byName(
      Dir dir, StoragePath at, ListOptions options, @Nullable FileInfo after) throws IOException {
    try (NameWalk walk = new NameWalk(dir, at, options)) {
      if (after != null) {
        walk.resumeAfter(after);
      }
      List<Found> found = new ArrayList<>();
      int wanted = options.limit() + 1;
      while (found.size() < wanted) {
        Found next = walk.next(wanted - found.size());
        if (next == null) {
          break;
        }
        found.add(next);
      }
      return found;
    }
  }

  // ---- by name from a snapshot of the folder's names ---------------------------------------

  /**
   * The page after {@code after} from the folder's valid snapshot, or from a fresh scan that takes
   * one (sorting all the names packed: well under a second for a million); null when the folder
   * cannot have one (no file key, names beyond the bound, a cursor not of this folder): then the
   * bounded scan answers.
   */
  private static @Nullable List<Found> bySnapshot(
      Dir dir,
      StoragePath at,
      ListOptions options,
      FileInfo after,
      NameSnapshots snapshots,
      String owner)
      throws IOException {
    List<String> segments = after.path().relativeTo(at).segments();
    BasicFileAttributes self = dir.attributes();
    Object fileKey = self.fileKey();
    if (segments.size() != 1 || fileKey == null) {
      return null;
    }
    NameSnapshots.Key key = new NameSnapshots.Key(owner, fileKey);
    FileTime modified = self.lastModifiedTime();
    if (snapshots.knownTooLarge(key, modified)) {
      return null;
    }
    NameSnapshots.Snapshot snapshot = snapshots.valid(key, modified);
    PackedNames names;
    if (snapshot != null) {
      names = snapshot.names();
    } else {
      long scannedAt = System.currentTimeMillis();
      PackedNames.Builder all = snapshots.builder();
      snapshots.scans.incrementAndGet();
      dir.scan(all::add);
      if (all.tooMany()) {
        snapshots.tooLarge(key, modified);
        return null;
      }
      names = all.sorted(name -> new ScannedName(dir, name).folder());
      snapshots.put(key, new NameSnapshots.Snapshot(names, modified, scannedAt));
    }
    return fromSorted(dir, at, names, new NameKey.Bound(segments.get(0), after.folder()), options);
  }

  /** The {@code limit + 1} entries after {@code from} in {@code names}, looked at. */
  private static List<Found> fromSorted(
      Dir dir, StoragePath at, PackedNames names, NameKey.Bound from, ListOptions options)
      throws IOException {
    boolean descending = options.descending();
    // Ascending, the first name after the cursor; descending, the last name before it.
    int first =
        names.search(
            from.name(),
            from.folder(),
            descending,
            i -> new ScannedName(dir, names.name(i)).folder());
    List<Found> found = new ArrayList<>();
    int wanted = options.limit() + 1;
    int step = descending ? -1 : 1;
    for (int i = descending ? first - 1 : first;
        i >= 0 && i < names.size() && found.size() < wanted;
        i += step) {
      ScannedName e = new ScannedName(dir, names.name(i));
      BasicFileAttributes a = e.attributes();
      StoragePath path = TreeWalk.childOrNull(at, e.name());
      if (a != null && path != null && (a.isRegularFile() || a.isDirectory())) {
        found.add(new Found(path, e.file(), a));
      }
    }
    return found;
  }
}
