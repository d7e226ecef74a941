package dev.coffer.files.storage;

import dev.coffer.Refusal;

/**
 * A storage operation refused for a reason the caller can act on. The {@link Reason} is
 * backend-neutral and names its {@link Refusal.Kind} and code; the web layer alone maps those to a
 * status. Genuine I/O failures are plain {@link java.io.IOException}s instead.
 */
public class StorageException extends Refusal {

  /** Why an operation was refused. */
  public enum Reason {
    /** The path (or a folder on the way to it) does not exist. */
    NOT_FOUND(Kind.NOT_FOUND, "not-found"),
    /** The target exists and the caller did not allow replacing it. */
    ALREADY_EXISTS(Kind.CONFLICT, "already-exists"),
    /** A file stands where a folder is needed, or the operation needs a folder. */
    NOT_A_FOLDER(Kind.CONFLICT, "not-a-folder"),
    /** The path is a folder where a file is needed. */
    IS_A_FOLDER(Kind.CONFLICT, "is-a-folder"),
    /** The folder has entries and the caller did not ask for a recursive delete. */
    NOT_EMPTY(Kind.CONFLICT, "not-empty"),
    /** An {@code If-Match}/{@code If-None-Match} style condition did not hold. */
    PRECONDITION_FAILED(Kind.PRECONDITION_FAILED, "precondition-failed"),
    /** The content does not match the digest the caller expected. */
    DIGEST_MISMATCH(Kind.INVALID, "digest-mismatch"),
    /** The owner's quota would be exceeded. */
    QUOTA_EXCEEDED(Kind.NO_ROOM, "quota-exceeded"),
    /** The content is larger than the configured maximum file size. */
    TOO_LARGE(Kind.TOO_LARGE, "too-large"),
    /** The backend has no room left. */
    NO_SPACE(Kind.NO_ROOM, "storage-full"),
    /** The path leads through something the backend will not follow (a symbolic link, ...). */
    UNSAFE_PATH(Kind.INVALID, "invalid-path"),
    /** The operation makes no sense for these paths (moving a folder into itself, ...). */
    INVALID_OPERATION(Kind.INVALID, "invalid-operation");

    private final Kind kind;
    private final String code;

    Reason(Kind kind, String code) {
      this.kind = kind;
      this.code = code;
    }
  }

  private final Reason reason;

  public StorageException(Reason reason, String message) {
    super(reason.kind, reason.code, message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
