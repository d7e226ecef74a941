package dev.coffer.files.storage;

import org.jspecify.annotations.Nullable;

/**
 * How to list a folder.
 *
 * @param sort the order of entries; ties are broken by path
 * @param descending reverse the order
 * @param limit at most this many entries per page (at least 1)
 * @param cursor where the previous page ended ({@link Listing#nextCursor()}), or null for the first
 *     page
 * @param recursive walk the whole tree below the folder, not just its direct entries
 */
public record ListOptions(
    Sort sort, boolean descending, int limit, @Nullable String cursor, boolean recursive) {

  /** Sort keys. */
  public enum Sort {
    NAME,
    SIZE,
    MODIFIED
  }

  public ListOptions {
    if (sort == null) {
      sort = Sort.NAME;
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
  }

  public static ListOptions firstPage(int limit) {
    return new ListOptions(Sort.NAME, false, limit, null, false);
  }
}
