package dev.coffer.files.storage.fs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * A folder's names in listing order, packed: their UTF-8 back to back in one {@code byte[]} and
 * where each ends in one {@code int[]}, so a million short names take about 12 MB (as {@code
 * String}s in collections they would take about 100 bytes each). Names compare by the unsigned
 * bytes of their UTF-8, which is the code point order of {@link
 * dev.coffer.files.storage.Listings#compareNames}, with its one exception: where one name is the
 * other followed by a byte below {@code /}, whether the shorter is a folder decides (a folder sorts
 * as its name followed by {@code /}); only then is it asked.
 */
final class PackedNames {

  /** Bytes an array takes besides its elements (header and length). */
  private static final int ARRAY_OVERHEAD = 16;

  private static final PackedNames EMPTY = new PackedNames(new byte[0], new int[0]);

  private final byte[] bytes;

  /**
   * {@code ends[i]}: where name {@code i} ends in {@code bytes} (and name {@code i + 1} begins).
   */
  private final int[] ends;

  private PackedNames(byte[] bytes, int[] ends) {
    this.bytes = bytes;
    this.ends = ends;
  }

  /** How many names. */
  int size() {
    return ends.length;
  }

  /** Name {@code i} in the order. */
  String name(int i) {
    return decode(bytes, ends, i);
  }

  /** The memory these names take, in bytes. */
  long footprint() {
    return footprint(bytes.length, ends.length);
  }

  /** The memory names of {@code utf8Bytes} in all, {@code count} of them, take once packed. */
  static long footprint(long utf8Bytes, long count) {
    return 2L * ARRAY_OVERHEAD + utf8Bytes + 4 * count;
  }

  /**
   * The index of the first name that comes after {@code bound} in the order, or with {@code
   * orEqual} the first that does not come before it (they differ when a name equals the bound).
   *
   * @param boundFolder whether the bound is a folder
   * @param folder whether name {@code i} is a folder; asked only where it decides
   */
  int search(String bound, boolean boundFolder, boolean orEqual, IntPredicate folder) {
    byte[] b = bound.getBytes(StandardCharsets.UTF_8);
    int lo = 0;
    int hi = ends.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c =
          compare(
              bytes,
              start(ends, mid),
              ends[mid],
              () -> folder.test(mid),
              b,
              0,
              b.length,
              () -> boundFolder);
      if (orEqual ? c >= 0 : c > 0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static int start(int[] ends, int i) {
    return i == 0 ? 0 : ends[i - 1];
  }

  private static String decode(byte[] bytes, int[] ends, int i) {
    int start = start(ends, i);
    return new String(bytes, start, ends[i] - start, StandardCharsets.UTF_8);
  }

  /** Compares two names' UTF-8 as the listing orders them; folder-ness is asked only to decide. */
  private static int compare(
      byte[] x,
      int xFrom,
      int xTo,
      BooleanSupplier xFolder,
      byte[] y,
      int yFrom,
      int yTo,
      BooleanSupplier yFolder) {
    int xn = xTo - xFrom;
    int yn = yTo - yFrom;
    int c =
        Arrays.compareUnsigned(
            x, xFrom, xFrom + Math.min(xn, yn), y, yFrom, yFrom + Math.min(xn, yn));
    if (c != 0) {
      return c;
    }
    if (xn == yn) {
      return Boolean.compare(xFolder.getAsBoolean(), yFolder.getAsBoolean());
    }
    if (xn < yn) {
      return y[yFrom + xn] < '/' && y[yFrom + xn] >= 0 && xFolder.getAsBoolean() ? 1 : -1;
    }
    return x[xFrom + yn] < '/' && x[xFrom + yn] >= 0 && yFolder.getAsBoolean() ? -1 : 1;
  }

  /**
   * Collects the names of one scan, in any order, up to a bound on their packed size, then sorts
   * them into {@link PackedNames}.
   */
  static final class Builder {
    private final long maxBytes;
    private byte[] bytes = new byte[1024];
    private int[] ends = new int[64];
    private int count;
    private boolean tooMany;

    /**
     * @param maxBytes the largest {@link #footprint} the names may take; beyond it none is kept
     */
    Builder(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    /** Adds a name; false (and from then on) once the names would take more than the bound. */
    boolean add(String name) {
      if (tooMany) {
        return false;
      }
      byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
      int used = count == 0 ? 0 : ends[count - 1];
      if (footprint((long) used + utf8.length, count + 1L) > maxBytes) {
        tooMany = true;
        bytes = new byte[0];
        ends = new int[0];
        count = 0;
        return false;
      }
      if (used + utf8.length > bytes.length) {
        bytes =
            Arrays.copyOf(bytes, Math.max(used + utf8.length, bytes.length + (bytes.length >> 1)));
      }
      if (count == ends.length) {
        ends = Arrays.copyOf(ends, ends.length + (ends.length >> 1));
      }
      System.arraycopy(utf8, 0, bytes, used, utf8.length);
      ends[count++] = used + utf8.length;
      return true;
    }

    /** Whether more names came than the bound holds (then {@link #sorted} must not be called). */
    boolean tooMany() {
      return tooMany;
    }

    /**
     * The names in listing order.
     *
     * @param folder whether a name is a folder; asked (once per name at most) only where it decides
     */
    PackedNames sorted(Predicate<String> folder) {
      if (count == 0) {
        return EMPTY;
      }
      byte[] from = bytes;
      int[] fromEnds = ends;
      // 0: not asked yet, 1: a file (or gone), 2: a folder.
      byte[] kinds = new byte[count];
      IntPredicate isFolder =
          i -> {
            if (kinds[i] == 0) {
              kinds[i] = folder.test(decode(from, fromEnds, i)) ? (byte) 2 : (byte) 1;
            }
            return kinds[i] == 2;
          };
      IndexOrder order =
          (i, j) ->
              compare(
                  from,
                  start(fromEnds, i),
                  fromEnds[i],
                  () -> isFolder.test(i),
                  from,
                  start(fromEnds, j),
                  fromEnds[j],
                  () -> isFolder.test(j));
      int[] index = new int[count];
      Arrays.setAll(index, i -> i);
      sort(index, new int[count], 0, count, order);
      byte[] packed = new byte[fromEnds[count - 1]];
      int[] packedEnds = new int[count];
      int at = 0;
      for (int k = 0; k < count; k++) {
        int i = index[k];
        int start = start(fromEnds, i);
        int length = fromEnds[i] - start;
        System.arraycopy(from, start, packed, at, length);
        at += length;
        packedEnds[k] = at;
      }
      bytes = new byte[0];
      ends = new int[0];
      return new PackedNames(packed, packedEnds);
    }
  }

  /** An order of names given by their indexes. */
  @FunctionalInterface
  private interface IndexOrder {
    int compare(int i, int j);
  }

  /**
   * Sorts {@code index[from, to)} by {@code order}, a merge sort through {@code spare}: the JDK
   * sorts no {@code int[]} by a comparator, and boxing a million indexes would take 20 MB.
   */
  private static void sort(int[] index, int[] spare, int from, int to, IndexOrder order) {
    if (to - from <= 16) {
      for (int i = from + 1; i < to; i++) {
        int v = index[i];
        int j = i - 1;
        while (j >= from && order.compare(index[j], v) > 0) {
          index[j + 1] = index[j];
          j--;
        }
        index[j + 1] = v;
      }
      return;
    }
    int mid = (from + to) >>> 1;
    sort(index, spare, from, mid, order);
    sort(index, spare, mid, to, order);
    if (order.compare(index[mid - 1], index[mid]) <= 0) {
      return;
    }
    System.arraycopy(index, from, spare, from, to - from);
    int i = from;
    int j = mid;
    for (int k = from; k < to; k++) {
      if (j >= to || (i < mid && order.compare(spare[i], spare[j]) <= 0)) {
        index[k] = spare[i++];
      } else {
        index[k] = spare[j++];
      }
    }
  }
}
