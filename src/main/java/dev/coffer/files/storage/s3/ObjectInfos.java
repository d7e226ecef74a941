package dev.coffer.files.storage.s3;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.StoragePath;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a {@link FileInfo} says about an object: its size and time as S3 reports them, its etag
 * unquoted, and its digest where one is at hand (a {@code HEAD}'s metadata; a listing carries
 * none).
 */
final class ObjectInfos {

  private ObjectInfos() {}

  /** A file as its {@code HEAD} describes it, its digest from its metadata. */
  static FileInfo fileInfo(StoragePath path, HeadObjectResponse head) {
    return fileInfo(path, head, head.metadata().get(S3Storage.SHA256));
  }

  /** A file as its {@code HEAD} describes it, with {@code sha256} found elsewhere (a sidecar). */
  static FileInfo fileInfo(StoragePath path, HeadObjectResponse head, @Nullable String sha256) {
    return new FileInfo(
        path, false, head.contentLength(), head.lastModified(), unquote(head.eTag()), sha256);
  }

  /** A listed file; listings carry no metadata, so its digest shows in stat and open only. */
  static FileInfo fileInfo(StoragePath path, S3Object o) {
    return new FileInfo(path, false, o.size(), o.lastModified(), unquote(o.eTag()), null);
  }

  /** A listed folder (a common prefix, or one implied by the keys below it). */
  static FileInfo folderEntry(StoragePath path) {
    return new FileInfo(path, true, 0, Instant.EPOCH, "d", null);
  }

  /** An etag as S3 sends it ({@code "..."}) without its quotes; "" for none. */
  static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }
}
