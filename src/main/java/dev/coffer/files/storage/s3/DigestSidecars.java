package dev.coffer.files.storage.s3;

import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The SHA-256 of a file whose digest was known only once it was written: a large upload that did
 * not announce it. S3 fixes an object's metadata when its write starts, so such a file's digest
 * cannot go into its own metadata without writing the object a second time (a copy onto itself: for
 * a gigabyte, a gigabyte read and written again by the object store). It goes instead into a
 * sidecar: an empty object at {@code sums/<owner>/<path>} whose metadata holds the digest and the
 * etag of the object it describes.
 *
 * <p>A sidecar counts only while that etag is the file's: a file replaced by another write (whose
 * digest is in its own metadata, or in a new sidecar) no longer matches an old one, so a stale
 * sidecar is never believed; equal etags mean equal content, so its digest holds too. Reads look
 * here only for files whose metadata has no digest. Moves and copies write the digest into the new
 * object's metadata (the copy is made anyway); deletes remove the sidecar with the file.
 */
final class DigestSidecars {

  /** The etag of the object a sidecar describes (metadata of the sidecar). */
  static final String OF_ETAG = "coffer-of-etag";

  private final Bucket bucket;
  private final Keys keys;

  DigestSidecars(Bucket bucket, Keys keys) {
    this.bucket = bucket;
    this.keys = keys;
  }

  /** Records {@code sha256} as the digest of the file at {@code path} while it is {@code etag}. */
  void record(String owner, StoragePath path, String etag, String sha256) throws IOException {
    bucket.put(
        keys.sum(owner, path), new byte[0], 0, Map.of(S3Storage.SHA256, sha256, OF_ETAG, etag));
  }

  /**
   * The digest of the file at {@code path}: its metadata's, else its sidecar's if that describes
   * this {@code etag}; null when neither knows it.
   */
  @Nullable String of(String owner, StoragePath path, String etag, Map<String, String> metadata)
      throws IOException {
    String sha = metadata.get(S3Storage.SHA256);
    if (sha != null) {
      return sha;
    }
    HeadObjectResponse sidecar = bucket.head(keys.sum(owner, path));
    return sidecar == null ? null : matching(sidecar, etag);
  }

  private static @Nullable String matching(HeadObjectResponse sidecar, String etag) {
    String sha = sidecar.metadata().get(S3Storage.SHA256);
    return sha != null && etag.equals(sidecar.metadata().get(OF_ETAG)) ? sha : null;
  }

  /** Removes the sidecar of the file at {@code path}, if there is one. */
  void forget(String owner, StoragePath path) throws IOException {
    bucket.delete(keys.sum(owner, path));
  }

  /**
   * Removes the sidecars of every file in a folder tree (every file of the owner's, at the root).
   */
  void forgetTree(String owner, StoragePath folder) throws IOException {
    List<String> doomed = new ArrayList<>();
    bucket.forEach(keys.sums(owner, folder), o -> doomed.add(o.key()));
    bucket.deleteAll(doomed);
  }

  /**
   * The digests the sidecars of a folder tree hold, by the described object's etag and key below
   * the folder ({@code "a/b.txt"}), for a move or copy of the folder to write into the new objects.
   * Sidecars are few (only large uploads without an announced digest have one), so each is asked
   * for its metadata.
   */
  Map<String, Described> inTree(String owner, StoragePath folder) throws IOException {
    String base = keys.sums(owner, folder);
    List<String> found = new ArrayList<>();
    bucket.forEach(base, o -> found.add(o.key()));
    Map<String, Described> digests = new HashMap<>();
    for (String key : found) {
      HeadObjectResponse sidecar = bucket.head(key);
      if (sidecar != null && sidecar.metadata().get(S3Storage.SHA256) != null) {
        digests.put(
            key.substring(base.length()),
            new Described(
                String.valueOf(sidecar.metadata().get(OF_ETAG)),
                sidecar.metadata().get(S3Storage.SHA256)));
      }
    }
    return digests;
  }

  /** What a sidecar says: the digest of the object while it is {@code etag}. */
  record Described(String etag, String sha256) {

    /** The digest, if {@code objectEtag} is still the one described. */
    @Nullable String of(String objectEtag) {
      return etag.equals(objectEtag) ? sha256 : null;
    }
  }
}
