package dev.coffer.files.storage.fs;

import static dev.coffer.files.storage.fs.TreeWalk.childOrNull;
import static dev.coffer.files.storage.fs.TreeWalk.openOrNull;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listings;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.fs.NameKey.Bound;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A walk of a folder in name order, the order of object-store keys ({@link ScannedName#ASCENDING}).
 * Recursive, it is depth-first: ascending, a folder, then its entries; descending, the entries,
 * then the folder. Per level on the way it holds one batch of the next names, chosen by one scan of
 * that folder with a bounded heap, so memory is in proportion to the batch and the depth, never to
 * a folder. Entries are left out as in {@link TreeWalk}.
 */
final class NameWalk implements Closeable {

  private final Dir root;
  private final boolean recursive;
  private final boolean descending;
  private final Comparator<NameKey> order;
  private final Deque<Level> levels = new ArrayDeque<>();

  /** A walk of {@code root}, at {@code at} in the home, by name as {@code options} say. */
  NameWalk(Dir root, StoragePath at, ListOptions options) {
    this.root = root;
    this.recursive = options.recursive();
    this.descending = options.descending();
    this.order = descending ? NameKey.ASCENDING.reversed() : NameKey.ASCENDING;
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
      ScannedName self = new ScannedName(level.dir, name);
      StoragePath selfPath = level.path.child(name);
      level = new Level(sub, selfPath, last || !descending ? null : self);
      levels.push(level);
    }
  }

  /**
   * The next entry in the order; null at the end.
   *
   * @param wanted how many more entries the caller may take: a new batch holds no more
   */
  @Nullable Found next(int wanted) throws IOException {
    while (!levels.isEmpty()) {
      Level level = levels.peek();
      ScannedName entry = level.poll(wanted);
      if (entry == null) {
        levels.pop();
        if (level.dir != root) {
          level.dir.close();
        }
        ScannedName self = level.self;
        BasicFileAttributes selfAttributes = self == null ? null : self.attributes();
        if (self != null && selfAttributes != null && selfAttributes.isDirectory()) {
          return new Found(level.path, self.file(), selfAttributes);
        }
        continue;
      }
      level.bound = entry;
      BasicFileAttributes a = entry.attributes();
      StoragePath path = childOrNull(level.path, entry.name());
      if (a == null || path == null || !(a.isRegularFile() || a.isDirectory())) {
        continue;
      }
      if (recursive && a.isDirectory()) {
        Dir sub = openOrNull(level.dir, entry.name());
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

  /** Closes the folders the walk opened (not {@code root}). */
  @Override
  public void close() throws IOException {
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
    final @Nullable ScannedName self;

    /** The last name taken from this folder (or the cursor's); the next come after it. */
    @Nullable NameKey bound;

    private final ArrayDeque<ScannedName> batch = new ArrayDeque<>();
    private boolean more = true;

    Level(Dir dir, StoragePath path, @Nullable ScannedName self) {
      this.dir = dir;
      this.path = path;
      this.self = self;
    }

    @Nullable ScannedName poll(int wanted) throws IOException {
      if (batch.isEmpty() && more) {
        Listings.Smallest<ScannedName> next = new Listings.Smallest<>(order, wanted);
        int[] after = {0};
        NameKey from = bound;
        dir.scan(
            name -> {
              ScannedName e = new ScannedName(dir, name);
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
