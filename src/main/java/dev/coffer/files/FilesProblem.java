package dev.coffer.files;

import dev.coffer.files.storage.StorageException;
import dev.coffer.web.ApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** A refused file operation, rendered as problem+json by the shared advice. */
public class FilesProblem extends ApiException {

  FilesProblem(HttpStatus status, String code, @Nullable String detail) {
    super(status, code, detail);
  }

  /** The HTTP meaning of a storage refusal. */
  public static FilesProblem from(StorageException e) {
    return switch (e.reason()) {
      case NOT_FOUND -> new FilesProblem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
      case ALREADY_EXISTS ->
          new FilesProblem(HttpStatus.CONFLICT, "already-exists", e.getMessage());
      case NOT_A_FOLDER -> new FilesProblem(HttpStatus.CONFLICT, "not-a-folder", e.getMessage());
      case IS_A_FOLDER -> new FilesProblem(HttpStatus.CONFLICT, "is-a-folder", e.getMessage());
      case NOT_EMPTY -> new FilesProblem(HttpStatus.CONFLICT, "not-empty", e.getMessage());
      case PRECONDITION_FAILED ->
          new FilesProblem(HttpStatus.PRECONDITION_FAILED, "precondition-failed", e.getMessage());
      case DIGEST_MISMATCH ->
          new FilesProblem(HttpStatus.BAD_REQUEST, "digest-mismatch", e.getMessage());
      case QUOTA_EXCEEDED ->
          new FilesProblem(HttpStatus.INSUFFICIENT_STORAGE, "quota-exceeded", e.getMessage());
      case TOO_LARGE -> new FilesProblem(HttpStatus.CONTENT_TOO_LARGE, "too-large", e.getMessage());
      case NO_SPACE ->
          new FilesProblem(HttpStatus.INSUFFICIENT_STORAGE, "storage-full", e.getMessage());
      case UNSAFE_PATH -> invalidPath(e.getMessage());
      case INVALID_OPERATION ->
          new FilesProblem(HttpStatus.BAD_REQUEST, "invalid-operation", e.getMessage());
    };
  }

  static FilesProblem invalidPath(@Nullable String detail) {
    return new FilesProblem(HttpStatus.BAD_REQUEST, "invalid-path", detail);
  }

  static FilesProblem badRequest(String code, @Nullable String detail) {
    return new FilesProblem(HttpStatus.BAD_REQUEST, code, detail);
  }
}
