package dev.coffer.files.storage;

import dev.coffer.files.storage.StorageException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Sorting and cursor paging over a folder's entries, shared by every backend. A cursor names the
 * last entry of a page by its sort key and path (not by position), so a page boundary stays put
 * while entries come and go.
 */
public final class Listings {

  private Listings() {}

  public static Listing page(List<FileInfo> entries, ListOptions options) {
    Comparator<FileInfo> order = comparator(options);
    entries.sort(order);
    int from = 0;
    if (options.cursor() != null) {
      FileInfo after = decode(options);
      while (from < entries.size() && order.compare(entries.get(from), after) <= 0) {
        from++;
      }
    }
    int to = (int) Math.min(entries.size(), (long) from + options.limit());
    List<FileInfo> page = List.copyOf(entries.subList(from, to));
    String next = to < entries.size() ? encode(page.get(page.size() - 1), options) : null;
    return new Listing(page, next);
  }

  private static Comparator<FileInfo> comparator(ListOptions options) {
    Comparator<FileInfo> byPath = Comparator.comparing(FileInfo::path);
    Comparator<FileInfo> order =
        switch (options.sort()) {
          case NAME -> byPath;
          case SIZE -> Comparator.comparingLong(FileInfo::size).thenComparing(byPath);
          case MODIFIED -> Comparator.comparing(FileInfo::modified).thenComparing(byPath);
        };
    return options.descending() ? order.reversed() : order;
  }

  private static String encode(FileInfo last, ListOptions options) {
    String key =
        switch (options.sort()) {
          case NAME -> "";
          case SIZE -> Long.toString(last.size());
          case MODIFIED -> last.modified().getEpochSecond() + "." + last.modified().getNano();
        };
    String raw = tag(options) + "\n" + key + "\n" + last.path();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static FileInfo decode(ListOptions options) {
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
      return new FileInfo(StoragePath.parse(parts[2]), false, size, modified, "", null);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | StorageException e) {
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
        Reason.INVALID_OPERATION, "The cursor does not belong to this listing.");
  }
}
