package dev.coffer.files.storage.s3;

import static dev.coffer.files.storage.s3.ObjectInfos.fileInfo;
import static dev.coffer.files.storage.s3.ObjectInfos.folderEntry;
import static dev.coffer.files.storage.s3.ObjectInfos.unquote;
import static dev.coffer.files.storage.s3.Refusals.notAFolder;
import static dev.coffer.files.storage.s3.Refusals.notFound;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.Listings;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Looking at what stands at a path, opening files and listing folders. A file is its object (its
 * digest from its metadata or its sidecar, {@link DigestSidecars}); a folder is a key prefix, there
 * while anything is stored under it (its marker, {@code a/}, or any key below; the home folder
 * always is). A name-ordered page of one folder comes straight from the bucket ({@link NamePages});
 * other listings collect the folder's entries and sort them ({@link Listings}).
 */
final class Reader {

  /**
   * Downloads read ahead at once (1 MiB of heap each, {@link Prefetch}); more large downloads at
   * the same time are copied on their request thread alone, as small ones are.
   */
  static final int READ_AHEADS = 16;

  private final Bucket bucket;
  private final Keys keys;
  private final DigestSidecars sums;
  private final Semaphore readAheads = new Semaphore(READ_AHEADS);

  Reader(Bucket bucket, Keys keys, DigestSidecars sums) {
    this.bucket = bucket;
    this.keys = keys;
    this.sums = sums;
  }

  FileInfo stat(String owner, StoragePath path) throws IOException {
    if (path.isRoot()) {
      return folderInfo(path, keys.home(owner));
    }
    String key = keys.file(owner, path);
    HeadObjectResponse head = bucket.head(key);
    if (head != null) {
      return fileInfo(path, head, sums.of(owner, path, unquote(head.eTag()), head.metadata()));
    }
    if (bucket.anyUnder(key + "/")) {
      return folderInfo(path, key + "/");
    }
    checkParents(owner, path);
    throw notFound(path);
  }

  OpenFile open(String owner, StoragePath path) throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.IS_A_FOLDER, "This is a folder, not a file.");
    }
    String key = keys.file(owner, path);
    ResponseInputStream<GetObjectResponse> whole = bucket.get(key, null, null);
    if (whole == null) {
      if (bucket.anyUnder(key + "/")) {
        throw new StorageException(Reason.IS_A_FOLDER, "This is a folder, not a file.");
      }
      checkParents(owner, path);
      throw notFound(path);
    }
    GetObjectResponse r = whole.response();
    FileInfo info =
        new FileInfo(
            path,
            false,
            r.contentLength(),
            r.lastModified(),
            unquote(r.eTag()),
            sums.of(owner, path, unquote(r.eTag()), r.metadata()));
    return new S3OpenFile(bucket, readAheads, key, info, whole);
  }

  Listing list(String owner, StoragePath path, ListOptions options) throws IOException {
    String base = keys.folder(owner, path);
    if (NamePages.applies(options)) {
      Listing page = NamePages.page(bucket, path, base, options);
      if (page != null) {
        return page;
      }
    }
    List<FileInfo> entries = new ArrayList<>();
    boolean exists =
        options.recursive() ? collectTree(path, base, entries) : collect(path, base, entries);
    if (!exists && !path.isRoot()) {
      throw missingFolder(owner, path);
    }
    return Listings.page(entries, path, options);
  }

  /**
   * No file may stand where {@code path} needs a folder. Writes and the changes of {@link Entries}
   * check it too, before they make a path's parents exist.
   */
  void checkParents(String owner, StoragePath path) throws IOException {
    for (StoragePath p = path.parent(); !p.isRoot(); p = p.parent()) {
      if (bucket.head(keys.file(owner, p)) != null) {
        throw notAFolder();
      }
    }
  }

  private FileInfo folderInfo(StoragePath path, String base) throws IOException {
    HeadObjectResponse marker = bucket.head(base);
    return new FileInfo(
        path,
        true,
        0,
        marker == null ? Instant.EPOCH : marker.lastModified(),
        marker == null ? "d" : unquote(marker.eTag()),
        null);
  }

  /**
   * Why a folder that lists nothing is not there: a file stands there or on the way, or nothing.
   */
  private StorageException missingFolder(String owner, StoragePath path) throws IOException {
    if (bucket.head(keys.file(owner, path)) != null) {
      return notAFolder();
    }
    checkParents(owner, path);
    return notFound(path);
  }

  /** The direct entries of the folder {@code base}; whether the folder exists. */
  private boolean collect(StoragePath at, String base, List<FileInfo> entries) throws IOException {
    boolean exists = false;
    String next = null;
    do {
      Bucket.Page page = bucket.list(base, "/", next, 1000);
      for (S3Object o : page.objects()) {
        exists = true;
        StoragePath child = Keys.below(at, base, o.key());
        if (child != null && !child.equals(at)) {
          entries.add(fileInfo(child, o));
        }
      }
      for (String prefix : page.prefixes()) {
        exists = true;
        StoragePath child = Keys.below(at, base, prefix.substring(0, prefix.length() - 1));
        if (child != null) {
          entries.add(folderEntry(child));
        }
      }
      next = page.next();
    } while (next != null);
    return exists;
  }

  /** Every entry below {@code base}, folders implied by keys included; whether it exists. */
  private boolean collectTree(StoragePath at, String base, List<FileInfo> entries)
      throws IOException {
    Map<StoragePath, FileInfo> folders = new TreeMap<>();
    boolean[] exists = {false};
    bucket.forEach(
        base,
        o -> {
          exists[0] = true;
          if (o.key().equals(base)) {
            return;
          }
          boolean marker = o.key().endsWith("/");
          StoragePath path =
              Keys.below(at, base, marker ? o.key().substring(0, o.key().length() - 1) : o.key());
          if (path == null || path.equals(at)) {
            return;
          }
          if (!marker) {
            entries.add(fileInfo(path, o));
            path = path.parent();
          }
          for (StoragePath p = path; !p.equals(at) && at.contains(p); p = p.parent()) {
            folders.putIfAbsent(p, folderEntry(p));
          }
        });
    entries.addAll(folders.values());
    return exists[0];
  }
}
