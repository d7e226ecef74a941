package dev.coffer.files.storage.fs;

import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A bounded cache of large folders' names in listing order, so that cursor pages by name cost a
 * binary search and a page rather than a scan of the folder. A snapshot is keyed by the owner and
 * the folder's identity (its file key: device and inode) and is trusted only while the folder's
 * modification time is what it was before the scan, and only when the scan began safely after that
 * time ({@link #RACY_MILLIS}: a change in the same timestamp tick as the one the snapshot saw would
 * leave the time unchanged). Every change to a folder's entries, by this node or by any other on a
 * shared file system, moves the folder's modification time, so none is missed. The names are packed
 * ({@link PackedNames}: about 12 bytes a short name); the bound is the memory they take in all,
 * least recently used evicted first.
 */
final class NameSnapshots {

  /** A snapshot taken within this time of the folder's modification is not trusted. */
  static final long RACY_MILLIS = 50;

  /** Folders with fewer entries are not kept: a scan of them is cheap. */
  static final int DEFAULT_THRESHOLD = 2_000;

  private final long maxBytes;
  private final int threshold;
  private final LinkedHashMap<Key, Snapshot> snapshots = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;
  private long names;

  /** Folders found too large to hold, with their time then: their pages scan (once each). */
  private final LinkedHashMap<Key, FileTime> tooLarge =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, FileTime> eldest) {
          return size() > 1_024;
        }
      };

  /** Scans done to take snapshots; tests count them. */
  final AtomicLong scans = new AtomicLong();

  /**
   * @param maxBytes the memory the names held may take in all (0: none are held)
   */
  NameSnapshots(long maxBytes) {
    this(maxBytes, DEFAULT_THRESHOLD);
  }

  NameSnapshots(long maxBytes, int threshold) {
    this.maxBytes = maxBytes;
    this.threshold = threshold;
  }

  boolean enabled() {
    return maxBytes > 0;
  }

  /** A builder for a snapshot of one folder, which stops keeping names beyond the bound. */
  PackedNames.Builder builder() {
    return new PackedNames.Builder(maxBytes);
  }

  /** The owner and the folder's identity. */
  record Key(String owner, Object fileKey) {}

  /**
   * A folder's names in ascending listing order, seen at modification time {@code modified}, by a
   * scan begun at {@code scannedAt} (milliseconds of the wall clock).
   */
  record Snapshot(PackedNames names, FileTime modified, long scannedAt) {
    boolean validFor(FileTime now) {
      return modified.equals(now) && scannedAt - modified.toMillis() > RACY_MILLIS;
    }
  }

  /** The snapshot of the folder when it is still valid for its modification time now. */
  synchronized @Nullable Snapshot valid(Key key, FileTime modified) {
    Snapshot s = snapshots.get(key);
    if (s == null) {
      return null;
    }
    if (!s.validFor(modified)) {
      remove(key);
      return null;
    }
    return s;
  }

  /** Whether a snapshot of these names would be kept. */
  boolean worthKeeping(PackedNames names) {
    return names.size() >= threshold && names.footprint() <= maxBytes;
  }

  /** Remembers that the folder, at time {@code modified}, has too many names to hold. */
  synchronized void tooLarge(Key key, FileTime modified) {
    tooLarge.put(key, modified);
  }

  /** Whether the folder was found too large at this very time (then no snapshot is tried). */
  synchronized boolean knownTooLarge(Key key, FileTime modified) {
    return modified.equals(tooLarge.get(key));
  }

  /** Keeps a snapshot (when it is trustworthy and within bounds), evicting the least recent. */
  synchronized void put(Key key, Snapshot snapshot) {
    if (!worthKeeping(snapshot.names()) || !snapshot.validFor(snapshot.modified())) {
      remove(key);
      return;
    }
    remove(key);
    snapshots.put(key, snapshot);
    count(snapshot, 1);
    Iterator<Map.Entry<Key, Snapshot>> eldest = snapshots.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      count(eldest.next().getValue(), -1);
      eldest.remove();
    }
  }

  private void remove(Key key) {
    Snapshot old = snapshots.remove(key);
    if (old != null) {
      count(old, -1);
    }
  }

  private void count(Snapshot snapshot, int sign) {
    bytes += sign * snapshot.names().footprint();
    names += sign * (long) snapshot.names().size();
  }

  /** How many names are held now. */
  synchronized long names() {
    return names;
  }

  /** The memory the names held take now, in bytes. */
  synchronized long bytes() {
    return bytes;
  }

  /** How many folders are held now. */
  synchronized int size() {
    return snapshots.size();
  }
}
