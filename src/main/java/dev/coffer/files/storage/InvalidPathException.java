package dev.coffer.files.storage;

/** A path that can never become a {@link StoragePath}; the message says why, safe to show. */
public class InvalidPathException extends StorageException {

  public InvalidPathException(String message) {
    super(Reason.UNSAFE_PATH, message);
  }
}
