package dev.coffer.files.storage.fs;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.InvalidPathException;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.Listings;
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
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Listing pages and tree walks over opened folders ({@link Dir}), at the cost of a page rather than
 * of the folder: a page of {@code limit} entries holds O(limit) entries in memory, reads the
 * digests of those it returns only, and scans each folder it touches once (twice at most for a
 * folder it resumes in and leaves, when more than a page of its entries comes first).
 *
 * <ul>
 *   <li><b>By name</b>: one scan of the folder's names keeps the {@code limit + 1} smallest after
 *       the cursor in a bounded heap; only those are looked at ({@code fstatat}). Names alone
 *       decide the order, except where one name is another followed by a character below {@code /}:
 *       then whether the shorter is a folder decides, and only it is looked at. Recursive: the
 *       same, one level per folder on the way (a depth-first walk whose frontier is one bounded
 *       batch per level), resumed from the cursor's path.
 *   <li><b>By size or time</b>: every entry after the cursor must be looked at to know its key: one
 *       scan with a look at each entry (for a recursive listing, of the whole tree) and a bounded
 *       top-k of {@code limit + 1}.
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

  /** An entry chosen for a page, looked at. */
  private record Found(StoragePath path, Path file, BasicFileAttributes attributes) {
    java.time.Instant modified() {
      return attributes.lastModifiedTime().toInstant();
    }
  }

  // ---- by size or time: bounded top-k over everything after the cursor ---------------------

  private static List<Found> byKey(
      Dir dir, StoragePath at, ListOptions options, @Nullable FileInfo after) throws IOException {
    Comparator<FileInfo> order = Listings.order(options);
    Listings.Smallest<Candidate> best =
        new Listings.Smallest<>(Comparator.comparing(Candidate::key, order), options.limit() + 1);
    walk(
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

  /** What an unordered walk meets: an entry of {@code in}, looked at, a file or a folder. */
  @FunctionalInterface
  interface EntryAction {
    void accept(Dir in, String name, StoragePath path, BasicFileAttributes attributes)
        throws IOException;
  }

  /**
   * Visits every file and folder in {@code dir} (with {@code recursive}, below it), in the order of
   * the folders on disk, each folder before its entries: one scan per folder, memory and open
   * handles in proportion to the depth only. Entries that vanish meanwhile, links, special files
   * and names that could never be a {@link StoragePath} (put there by hand) are left out.
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
  static void walk(Dir dir, StoragePath at, Describer describer, TreeVisitor visitor)
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

  // ---- by name: a bounded batch per level ---------------------------------------------------

  private static List<Found> byName(
      Dir dir, StoragePath at, ListOptions options, @Nullable FileInfo after) throws IOException {
    NameWalk walk = new NameWalk(dir, at, options);
    try {
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
    } finally {
      walk.close();
    }
  }

  // ---- by name from a snapshot of the folder's names ---------------------------------------

  private static final Comparator<Key> ASCENDING =
      (a, b) -> Listings.compareNames(a.name(), a::folder, b.name(), b::folder);

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
      names = all.sorted(name -> new Entry(dir, name).folder());
      snapshots.put(key, new NameSnapshots.Snapshot(names, modified, scannedAt));
    }
    return fromSorted(dir, at, names, new Bound(segments.get(0), after.folder()), options);
  }

  /** The {@code limit + 1} entries after {@code from} in {@code names}, looked at. */
  private static List<Found> fromSorted(
      Dir dir, StoragePath at, PackedNames names, Bound from, ListOptions options)
      throws IOException {
    boolean descending = options.descending();
    // Ascending, the first name after the cursor; descending, the last name before it.
    int first =
        names.search(
            from.name(), from.folder(), descending, i -> new Entry(dir, names.name(i)).folder());
    List<Found> found = new ArrayList<>();
    int wanted = options.limit() + 1;
    int step = descending ? -1 : 1;
    for (int i = descending ? first - 1 : first;
        i >= 0 && i < names.size() && found.size() < wanted;
        i += step) {
      Entry e = new Entry(dir, names.name(i));
      BasicFileAttributes a = e.attributes();
      StoragePath path = childOrNull(at, e.name);
      if (a != null && path != null && (a.isRegularFile() || a.isDirectory())) {
        found.add(new Found(path, e.file(), a));
      }
    }
    return found;
  }

  /** An entry's name and, looked at only when needed, what it is. */
  private interface Key {
    String name();

    boolean folder();
  }

  private record Bound(String name, boolean folder) implements Key {}

  /** A name found by a scan; looked at ({@code fstatat}) the first time it matters. */
  private static final class Entry implements Key {
    final Dir dir;
    final String name;
    private boolean looked;
    private @Nullable BasicFileAttributes attributes;
    private @Nullable IOException failure;

    Entry(Dir dir, String name) {
      this.dir = dir;
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    Path file() {
      return dir.path().resolve(name);
    }

    @Override
    public boolean folder() {
      look();
      return attributes != null && attributes.isDirectory();
    }

    /** The entry's attributes; null when it is gone. */
    @Nullable BasicFileAttributes attributes() throws IOException {
      look();
      if (failure != null) {
        throw failure;
      }
      return attributes;
    }

    private void look() {
      if (!looked) {
        looked = true;
        try {
          attributes = dir.statOrNull(name);
        } catch (IOException e) {
          failure = e;
        }
      }
    }
  }

  /**
   * A depth-first walk in name order (ascending: a folder, then its entries; descending: the
   * entries, then the folder), holding per level one batch of the next names from one scan.
   */
  private static final class NameWalk {
    private final Dir root;
    private final boolean recursive;
    private final boolean descending;
    private final Comparator<Key> order;
    private final Deque<Level> levels = new ArrayDeque<>();

    NameWalk(Dir root, StoragePath at, ListOptions options) {
      this.root = root;
      this.recursive = options.recursive();
      this.descending = options.descending();
      this.order = descending ? ASCENDING.reversed() : ASCENDING;
      levels.push(new Level(root, at, null));
    }

    /** Positions the walk just after the entry the cursor names, whether it is there or not. */
    void resumeAfter(FileInfo after) throws IOException {
      Level level = levels.peek();
      List<String> segments = after.path().relativeTo(level.path).segments();
      for (int i = 0; i < segments.size(); i++) {
        String name = segments.get(i);
        boolean last = i == segments.size() - 1;
        level.bound = new Bound(name, !last || after.folder());
        // Ascending, a folder's entries follow it; descending, they came before it.
        boolean into = !last || (after.folder() && recursive && !descending);
        Dir sub = into ? openOrNull(level.dir, name) : null;
        if (sub == null) {
          return;
        }
        Entry self = new Entry(level.dir, name);
        StoragePath selfPath = level.path.child(name);
        level = new Level(sub, selfPath, last || !descending ? null : self);
        levels.push(level);
      }
    }

    /** The next entry in the order; null at the end. */
    @Nullable Found next(int wanted) throws IOException {
      while (!levels.isEmpty()) {
        Level level = levels.peek();
        Entry entry = level.poll(wanted);
        if (entry == null) {
          levels.pop();
          if (level.dir != root) {
            level.dir.close();
          }
          Entry self = level.self;
          BasicFileAttributes selfAttributes = self == null ? null : self.attributes();
          if (self != null && selfAttributes != null && selfAttributes.isDirectory()) {
            return new Found(level.path, self.file(), selfAttributes);
          }
          continue;
        }
        level.bound = entry;
        BasicFileAttributes a = entry.attributes();
        StoragePath path = childOrNull(level.path, entry.name);
        if (a == null || path == null || !(a.isRegularFile() || a.isDirectory())) {
          continue;
        }
        if (recursive && a.isDirectory()) {
          Dir sub = openOrNull(level.dir, entry.name);
          if (sub != null) {
            levels.push(new Level(sub, path, descending ? entry : null));
            if (descending) {
              continue;
            }
          }
        }
        return new Found(path, entry.file(), a);
      }
      return null;
    }

    void close() throws IOException {
      for (Level level : levels) {
        if (level.dir != root) {
          level.dir.close();
        }
      }
      levels.clear();
    }

    /** One folder on the way: the next names after {@code bound}, from one scan. */
    private final class Level {
      final Dir dir;
      final StoragePath path;

      /** Descending: the folder itself, to return once its entries are done. */
      final @Nullable Entry self;

      /** The last name taken from this folder (or the cursor's); the next come after it. */
      @Nullable Key bound;

      private final ArrayDeque<Entry> batch = new ArrayDeque<>();
      private boolean more = true;

      Level(Dir dir, StoragePath path, @Nullable Entry self) {
        this.dir = dir;
        this.path = path;
        this.self = self;
      }

      @Nullable Entry poll(int wanted) throws IOException {
        if (batch.isEmpty() && more) {
          Listings.Smallest<Entry> next = new Listings.Smallest<>(order, wanted);
          int[] after = {0};
          Key from = bound;
          dir.scan(
              name -> {
                Entry e = new Entry(dir, name);
                if (from == null || order.compare(e, from) > 0) {
                  after[0]++;
                  next.offer(e);
                }
              });
          batch.addAll(next.inOrder());
          more = after[0] > wanted;
        }
        return batch.poll();
      }
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Opens a sub-folder; null when it is gone, no folder any more, or a link now. */
  private static @Nullable Dir openOrNull(Dir dir, String name) throws IOException {
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
