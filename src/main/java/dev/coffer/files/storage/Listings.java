package dev.coffer.files.storage;

import dev.coffer.files.storage.StorageException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * The order, the cursors and the bounded selection of folder listings, shared by every backend.
 *
 * <p><b>Order by name</b> is the order of object-store keys: names compare by code point (the byte
 * order of their UTF-8), and a folder compares as its name followed by {@code /}. So a folder comes
 * directly before everything below it (a recursive listing is a depth-first walk, each folder's
 * entries in name order), {@code a-b} and {@code a.txt} come before the folder {@code a}, and the
 * key of the last entry of a page is what S3's {@code StartAfter} takes. Size and time sorts break
 * ties by that same key.
 *
 * <p><b>A cursor</b> names the last entry of a page by its sort key and path, never by position:
 * the next page holds the entries after it in the order, so a page boundary stays put while entries
 * come and go, and a cursor whose entry was deleted meanwhile still works.
 */
public final class Listings {

  private Listings() {}

  /**
   * One page out of {@code entries} (a whole folder, or tree, in any order), keeping at most {@code
   * limit + 1} of them in memory: for a backend that can enumerate entries but not seek in the
   * listing's order.
   *
   * @param folder the folder listed; a cursor must name an entry below it
   */
  public static Listing page(Iterable<FileInfo> entries, StoragePath folder, ListOptions options) {
    Comparator<FileInfo> order = order(options);
    FileInfo after = options.cursor() == null ? null : decode(folder, options);
    Smallest<FileInfo> page = new Smallest<>(order, options.limit() + 1);
    for (FileInfo entry : entries) {
      if (after == null || order.compare(entry, after) > 0) {
        page.offer(entry);
      }
    }
    return ofFirst(page.inOrder(), options);
  }

  /**
   * A page from the first {@code limit + 1} entries after the cursor, in order: the first {@code
   * limit} are returned, and the one more (if there is one) says that another page follows.
   */
  public static Listing ofFirst(List<FileInfo> firstEntries, ListOptions options) {
    if (firstEntries.size() <= options.limit()) {
      return new Listing(List.copyOf(firstEntries), null);
    }
    List<FileInfo> entries = List.copyOf(firstEntries.subList(0, options.limit()));
    return new Listing(entries, encode(entries.get(entries.size() - 1), options));
  }

  /** The order of entries a listing with {@code options} returns. */
  public static Comparator<FileInfo> order(ListOptions options) {
    Comparator<FileInfo> byKey = Listings::compareKeys;
    Comparator<FileInfo> order =
        switch (options.sort()) {
          case NAME -> byKey;
          case SIZE -> Comparator.comparingLong(FileInfo::size).thenComparing(byKey);
          case MODIFIED -> Comparator.comparing(FileInfo::modified).thenComparing(byKey);
        };
    return options.descending() ? order.reversed() : order;
  }

  /** An entry's key: its path, with a {@code /} after a folder's. */
  private static String key(FileInfo entry) {
    return entry.folder() ? entry.path() + "/" : entry.path().toString();
  }

  /**
   * Compares two names of one folder as keys: by code point, a folder's name followed by {@code /}.
   * Whether an entry is a folder is asked only when it decides (one name is the other followed by a
   * character below {@code /}, or the names are equal), so a backend that must look an entry up to
   * know can mostly skip it.
   */
  public static int compareNames(
      String a, BooleanSupplier aFolder, String b, BooleanSupplier bFolder) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return codePointOrder(x) - codePointOrder(y);
      }
    }
    if (a.length() == b.length()) {
      return Boolean.compare(aFolder.getAsBoolean(), bFolder.getAsBoolean());
    }
    if (a.length() < b.length()) {
      return b.charAt(n) < '/' && aFolder.getAsBoolean() ? 1 : -1;
    }
    return a.charAt(n) < '/' && bFolder.getAsBoolean() ? -1 : 1;
  }

  /**
   * Compares two entries' keys (their paths, a folder's followed by {@code /}) by code point, one
   * segment at a time.
   */
  public static int compareKeys(FileInfo a, FileInfo b) {
    List<String> x = a.path().segments();
    List<String> y = b.path().segments();
    int n = Math.min(x.size(), y.size());
    for (int i = 0; i < n; i++) {
      boolean xFolder = i < x.size() - 1 || a.folder();
      boolean yFolder = i < y.size() - 1 || b.folder();
      int c = compareNames(x.get(i), () -> xFolder, y.get(i), () -> yFolder);
      if (c != 0) {
        return c;
      }
    }
    return x.size() - y.size();
  }

  /**
   * UTF-16 units in code point order: surrogates (U+D800-DFFF, which make up code points above
   * U+FFFF) rank above U+E000-FFFF.
   */
  private static int codePointOrder(char c) {
    if (c >= 0xE000) {
      return c - 0x800;
    }
    if (c >= 0xD800) {
      return c + 0x2000;
    }
    return c;
  }

  /** The cursor of a page that ends with {@code last}. */
  public static String encode(FileInfo last, ListOptions options) {
    String sortKey =
        switch (options.sort()) {
          case NAME -> "";
          case SIZE -> Long.toString(last.size());
          case MODIFIED -> last.modified().getEpochSecond() + "." + last.modified().getNano();
        };
    String raw = tag(options) + "\n" + sortKey + "\n" + key(last);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The entry {@code options.cursor()} names, as far as the order needs it (path, whether a folder,
   * and the sort key). It need not exist any more.
   *
   * @throws StorageException {@code INVALID_OPERATION} for a cursor that is not one of this
   *     listing's (malformed, of another sort, order or folder)
   */
  public static FileInfo decode(StoragePath folder, ListOptions options) {
    try {
      String raw =
          new String(Base64.getUrlDecoder().decode(options.cursor()), StandardCharsets.UTF_8);
      String[] parts = raw.split("\n", 3);
      if (parts.length != 3 || !parts[0].equals(tag(options))) {
        throw badCursor();
      }
      long size = 0;
      Instant modified = Instant.EPOCH;
      switch (options.sort()) {
        case SIZE -> size = Long.parseLong(parts[1]);
        case MODIFIED -> {
          String[] t = parts[1].split("\\.", 2);
          modified = Instant.ofEpochSecond(Long.parseLong(t[0]), Long.parseLong(t[1]));
        }
        case NAME -> {}
      }
      boolean isFolder = parts[2].endsWith("/");
      String pathText = isFolder ? parts[2].substring(0, parts[2].length() - 1) : parts[2];
      StoragePath path = StoragePath.parse(pathText);
      boolean inListing =
          options.recursive()
              ? !path.equals(folder) && folder.contains(path)
              : !path.isRoot() && path.parent().equals(folder);
      if (!inListing || !path.toString().equals(pathText)) {
        throw badCursor();
      }
      return new FileInfo(path, isFolder, size, modified, "", null);
    } catch (IllegalArgumentException | IndexOutOfBoundsException | StorageException e) {
      throw badCursor();
    }
  }

  private static String tag(ListOptions options) {
    return options.sort().name()
        + (options.descending() ? "-" : "+")
        + (options.recursive() ? "r" : "");
  }

  private static StorageException badCursor() {
    return new StorageException(
        Reason.INVALID_OPERATION,
        "The cursor does not belong to this listing: pass back the nextCursor of the previous"
            + " page with the same folder, sort, order and recursive.");
  }

  /**
   * The {@code k} smallest of the values offered, in a heap of at most {@code k}: the bounded top-k
   * of a listing page.
   */
  public static final class Smallest<T> {
    private final Comparator<? super T> order;
    private final int k;
    private final PriorityQueue<T> largestFirst;

    public Smallest(Comparator<? super T> order, int k) {
      this.order = order;
      this.k = k;
      this.largestFirst = new PriorityQueue<>(Math.min(k, 1024) + 1, order.reversed());
    }

    public void offer(T value) {
      if (largestFirst.size() < k) {
        largestFirst.add(value);
      } else if (order.compare(value, largestFirst.peek()) < 0) {
        largestFirst.poll();
        largestFirst.add(value);
      }
    }

    /** How many are kept. */
    public int size() {
      return largestFirst.size();
    }

    /** The values kept, smallest first. */
    public List<T> inOrder() {
      List<T> values = new ArrayList<>(largestFirst);
      values.sort(order);
      return values;
    }
  }
}
