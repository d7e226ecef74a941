package dev.coffer.files.storage.s3;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.Listings;
import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A folder's direct entries in name order, one page at a time straight from {@code ListObjectsV2}
 * (delimiter {@code /}, {@code StartAfter} the last name returned): a page costs one or two
 * requests whatever the folder's size. The order is the bucket's, byte order of the keys, in which
 * a folder {@code a} sorts as {@code a/} (after {@code a.txt}, before {@code a0}); the cursor names
 * the last entry and whether it was a folder, which is where the next page starts.
 */
final class NamePages {

  private NamePages() {}

  static boolean applies(ListOptions options) {
    return options.sort() == ListOptions.Sort.NAME && !options.descending() && !options.recursive();
  }

  /** The page, or null when the folder lists nothing on the first page (the caller tells why). */
  static @Nullable Listing page(Bucket bucket, StoragePath at, String base, ListOptions options)
      throws IOException {
    String startAfter = options.cursor() == null ? null : base + startAfter(at, options);
    List<FileInfo> entries = new ArrayList<>();
    boolean more = true;
    boolean any = false;
    String continuation = null;
    while (entries.size() <= options.limit() && more) {
      String token = continuation;
      String after = startAfter;
      int want = Math.min(1000, options.limit() + 1 - entries.size() + 1);
      ListObjectsV2Response r =
          bucket.call(
              "LIST " + base,
              () ->
                  bucket
                      .client()
                      .listObjectsV2(
                          b -> {
                            b.bucket(bucket.name()).prefix(base).delimiter("/").maxKeys(want);
                            if (token != null) {
                              b.continuationToken(token);
                            } else if (after != null) {
                              b.startAfter(after);
                            }
                          }));
      if (r == null) {
        throw new IOException("the bucket is gone");
      }
      any |= !r.contents().isEmpty() || !r.commonPrefixes().isEmpty();
      merge(at, base, startAfter, r.contents(), r.commonPrefixes(), entries);
      more = Boolean.TRUE.equals(r.isTruncated());
      continuation = r.nextContinuationToken();
    }
    if (!any && options.cursor() == null && !at.isRoot()) {
      return null;
    }
    if (entries.size() <= options.limit()) {
      return new Listing(List.copyOf(entries), null);
    }
    List<FileInfo> page = List.copyOf(entries.subList(0, options.limit()));
    return new Listing(page, Listings.encode(page.get(page.size() - 1), options));
  }

  /** Adds objects and prefixes in key order, leaving out the folder's marker and the cursor. */
  private static void merge(
      StoragePath at,
      String base,
      @Nullable String startAfter,
      List<S3Object> objects,
      List<CommonPrefix> prefixes,
      List<FileInfo> entries) {
    int o = 0;
    int p = 0;
    while (o < objects.size() || p < prefixes.size()) {
      boolean takeObject =
          p >= prefixes.size()
              || (o < objects.size()
                  && objects.get(o).key().compareTo(prefixes.get(p).prefix()) < 0);
      if (takeObject) {
        S3Object object = objects.get(o++);
        StoragePath child = Keys.below(at, base, object.key());
        if (child != null && !child.equals(at)) {
          entries.add(ObjectInfos.fileInfo(child, object));
        }
      } else {
        String prefix = prefixes.get(p++).prefix();
        if (prefix.equals(startAfter)) {
          continue; // the folder the last page ended with, met again below its own key
        }
        StoragePath child = Keys.below(at, base, prefix.substring(0, prefix.length() - 1));
        if (child != null) {
          entries.add(ObjectInfos.folderEntry(child));
        }
      }
    }
  }

  /**
   * The key below the folder ({@code name} or {@code name/}) of the entry the cursor names: the
   * cursor is the one every backend uses ({@link Listings#encode}), checked to be this listing's.
   */
  private static String startAfter(StoragePath at, ListOptions options) {
    FileInfo last = Listings.decode(at, options);
    return last.name() + (last.folder() ? "/" : "");
  }
}
