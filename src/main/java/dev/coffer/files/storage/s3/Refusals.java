package dev.coffer.files.storage.s3;

import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;

/** The refusals that more than one part of {@link S3Storage} gives, worded once. */
final class Refusals {

  private Refusals() {}

  static StorageException notFound(StoragePath path) {
    return new StorageException(
        Reason.NOT_FOUND,
        "Nothing at " + (path.isRoot() ? "the home folder" : "'" + path + "'") + ".");
  }

  static StorageException notAFolder() {
    return new StorageException(
        Reason.NOT_A_FOLDER, "A file stands where a folder is needed on this path.");
  }

  static StorageException tooLarge(long max) {
    return new StorageException(
        Reason.TOO_LARGE, "The content is larger than the limit of " + max + " bytes.");
  }
}
