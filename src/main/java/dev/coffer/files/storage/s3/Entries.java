package dev.coffer.files.storage.s3;

import static dev.coffer.files.storage.s3.ObjectInfos.unquote;
import static dev.coffer.files.storage.s3.Refusals.notAFolder;
import static dev.coffer.files.storage.s3.Refusals.notFound;

import dev.coffer.cluster.SharedLocks;
import dev.coffer.files.quota.SpaceReserver;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Making folders, and deleting, moving and copying what is already in a home. Folders are key
 * prefixes; {@link #mkdirs} and the removal of a folder's last entry leave an empty marker object
 * ({@code a/}) so that empty folders exist. Moves and copies are server-side copies ({@code
 * CopyObject}, part by part above 5 GiB); a folder's are per object, so unlike on a file system a
 * folder move is not one atomic step (each file is). A file's digest goes with it into the new
 * object's metadata, wherever it was kept, and a delete removes its sidecar ({@link
 * DigestSidecars}). Deletes, moves and copies take the lock of the path they change.
 */
final class Entries {

  private final Bucket bucket;
  private final Keys keys;
  private final DigestSidecars sums;
  private final SharedLocks pathLocks;
  private final Reader reader;

  Entries(Bucket bucket, Keys keys, DigestSidecars sums, SharedLocks pathLocks, Reader reader) {
    this.bucket = bucket;
    this.keys = keys;
    this.sums = sums;
    this.pathLocks = pathLocks;
    this.reader = reader;
  }

  boolean mkdirs(String owner, StoragePath path) throws IOException {
    String base = keys.folder(owner, path);
    reader.checkParents(owner, path);
    if (!path.isRoot() && bucket.head(keys.file(owner, path)) != null) {
      throw notAFolder();
    }
    if (bucket.anyUnder(base)) {
      return false;
    }
    for (StoragePath p = path; ; p = p.parent()) {
      bucket.put(keys.folder(owner, p), new byte[0], 0, Map.of());
      if (p.isRoot()) {
        return true;
      }
    }
  }

  long delete(String owner, StoragePath path, boolean recursive) throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.INVALID_OPERATION, "The home folder cannot be deleted.");
    }
    String key = keys.file(owner, path);
    Lock lock = pathLocks.of(key);
    lock.lock();
    try {
      HeadObjectResponse head = bucket.head(key);
      if (head != null) {
        bucket.delete(key);
        sums.forget(owner, path);
        keepFolder(owner, path.parent());
        return head.contentLength();
      }
      String base = key + "/";
      List<String> doomed = new ArrayList<>();
      long[] size = {0};
      bucket.forEach(
          base,
          o -> {
            doomed.add(o.key());
            size[0] += o.size();
          });
      if (doomed.isEmpty()) {
        throw notFound(path);
      }
      if (!recursive && !(doomed.size() == 1 && doomed.get(0).equals(base))) {
        throw new StorageException(Reason.NOT_EMPTY, "The folder is not empty.");
      }
      bucket.deleteAll(doomed);
      sums.forgetTree(owner, path);
      keepFolder(owner, path.parent());
      return size[0];
    } finally {
      lock.unlock();
    }
  }

  /** Keeps a folder that may just have lost its last entry (prefixes vanish with their keys). */
  private void keepFolder(String owner, StoragePath folder) throws IOException {
    if (!folder.isRoot()) {
      bucket.put(keys.folder(owner, folder), new byte[0], 0, Map.of());
    }
  }

  FileInfo move(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException {
    checkTransfer(from, to);
    FileInfo source = reader.stat(owner, from);
    if (from.equals(to)) {
      return source;
    }
    Lock lock = pathLocks.of(keys.file(owner, to));
    lock.lock();
    try {
      long replaced = checkTarget(owner, to, source, overwrite);
      if (source.folder()) {
        transferTree(owner, from, to, true);
      } else {
        bucket.copy(keys.file(owner, from), keys.file(owner, to), source.size(), digest(source));
        bucket.delete(keys.file(owner, from));
        sums.forget(owner, from);
      }
      keepFolder(owner, from.parent());
      space.release(replaced);
      return reader.stat(owner, to);
    } finally {
      lock.unlock();
    }
  }

  FileInfo copy(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException {
    checkTransfer(from, to);
    FileInfo source = reader.stat(owner, from);
    if (from.equals(to) || (source.folder() && from.contains(to))) {
      throw new StorageException(Reason.INVALID_OPERATION, "Cannot copy a path onto itself.");
    }
    Lock lock = pathLocks.of(keys.file(owner, to));
    lock.lock();
    SpaceReserver reserver = new SpaceReserver(space);
    boolean done = false;
    try {
      long replaced = checkTarget(owner, to, source, overwrite);
      long bytes;
      if (source.folder()) {
        bytes = size(keys.folder(owner, from));
        reserver.need(bytes);
        transferTree(owner, from, to, false);
      } else {
        bytes = source.size();
        reserver.need(bytes);
        bucket.copy(keys.file(owner, from), keys.file(owner, to), bytes, digest(source));
      }
      done = true;
      reserver.settle(bytes);
      space.release(replaced);
      return reader.stat(owner, to);
    } finally {
      lock.unlock();
      if (!done) {
        reserver.abort();
      }
    }
  }

  /** Copies (and with {@code move} then deletes) every object of a folder tree. */
  private void transferTree(String owner, StoragePath from, StoragePath to, boolean move)
      throws IOException {
    String source = keys.folder(owner, from);
    String target = keys.folder(owner, to);
    Map<String, DigestSidecars.Described> sidecars = sums.inTree(owner, from);
    List<String> copied = new ArrayList<>();
    bucket.put(target, new byte[0], 0, Map.of());
    bucket.forEach(
        source,
        o -> {
          if (!o.key().equals(source)) {
            String below = o.key().substring(source.length());
            DigestSidecars.Described sidecar = sidecars.get(below);
            String sha = sidecar == null ? null : sidecar.of(unquote(o.eTag()));
            // a digest from a sidecar goes into the copy's metadata; others travel with it
            bucket.copy(
                o.key(),
                target + below,
                o.size(),
                sha == null ? null : Map.of(S3Storage.SHA256, sha));
          }
          copied.add(o.key());
        });
    if (move) {
      bucket.deleteAll(copied);
      sums.forgetTree(owner, from);
    }
  }

  /** The bytes of every object under {@code base}. */
  long size(String base) throws IOException {
    long[] total = {0};
    bucket.forEach(base, o -> total[0] += o.size());
    return total[0];
  }

  /**
   * The metadata a moved or copied file's new object gets: its digest, wherever it was kept (its
   * metadata or its sidecar); null (the source's metadata, copied) when it has none.
   */
  private static @Nullable Map<String, String> digest(FileInfo source) {
    return source.sha256() == null ? null : Map.of(S3Storage.SHA256, source.sha256());
  }

  private static void checkTransfer(StoragePath from, StoragePath to) {
    if (from.isRoot() || to.isRoot()) {
      throw new StorageException(
          Reason.INVALID_OPERATION, "The home folder cannot be moved, copied or replaced.");
    }
    if (!from.equals(to) && from.contains(to)) {
      throw new StorageException(
          Reason.INVALID_OPERATION, "A folder cannot be moved or copied into itself.");
    }
  }

  /**
   * Checks that {@code to} may receive {@code source}: nothing there, or with {@code overwrite} a
   * file for a file or an empty folder for a folder. Returns the bytes of a replaced file.
   */
  private long checkTarget(String owner, StoragePath to, FileInfo source, boolean overwrite)
      throws IOException {
    FileInfo old;
    try {
      old = reader.stat(owner, to);
    } catch (StorageException e) {
      if (e.reason() != Reason.NOT_FOUND) {
        throw e;
      }
      reader.checkParents(owner, to);
      return 0;
    }
    if (!overwrite || old.folder() != source.folder()) {
      throw new StorageException(
          Reason.ALREADY_EXISTS, "Something already exists at '" + to + "'.");
    }
    if (old.folder()) {
      String base = keys.folder(owner, to);
      Bucket.Page page = bucket.list(base, null, null, 2);
      boolean empty =
          page.objects().stream().allMatch(o -> o.key().equals(base)) && page.prefixes().isEmpty();
      if (!empty) {
        throw new StorageException(Reason.NOT_EMPTY, "The target folder is not empty.");
      }
      return 0;
    }
    return old.size();
  }
}
