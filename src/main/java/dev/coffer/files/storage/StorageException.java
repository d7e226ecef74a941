package dev.coffer.files.storage;

/**
 * A storage operation refused for a reason the caller can act on. The {@link Reason} is
 * backend-neutral; the web layer maps it to a status code. Genuine I/O failures are plain {@link
 * java.io.IOException}s instead.
 */
public class StorageException extends RuntimeException {

  /** Why an operation was refused. */
  public enum Reason {
    /** The path (or a folder on the way to it) does not exist. */
    NOT_FOUND,
    /** The target exists and the caller did not allow replacing it. */
    ALREADY_EXISTS,
    /** A file stands where a folder is needed, or the operation needs a folder. */
    NOT_A_FOLDER,
    /** The path is a folder where a file is needed. */
    IS_A_FOLDER,
    /** The folder has entries and the caller did not ask for a recursive delete. */
    NOT_EMPTY,
    /** An {@code If-Match}/{@code If-None-Match} style condition did not hold. */
    PRECONDITION_FAILED,
    /** The content does not match the digest the caller expected. */
    DIGEST_MISMATCH,
    /** The owner's quota would be exceeded. */
    QUOTA_EXCEEDED,
    /** The content is larger than the configured maximum file size. */
    TOO_LARGE,
    /** The backend has no room left. */
    NO_SPACE,
    /** The path leads through something the backend will not follow (a symbolic link, ...). */
    UNSAFE_PATH,
    /** The operation makes no sense for these paths (moving a folder into itself, ...). */
    INVALID_OPERATION
  }

  private final Reason reason;

  public StorageException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
