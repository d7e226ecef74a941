package dev.coffer.files.storage.fs;

import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What the file system's errors mean to a caller of {@link FileSystemStorage}: the refusals it can
 * act on ({@code NOT_FOUND}, {@code UNSAFE_PATH}, {@code NO_SPACE}, ...) and the few I/O errors
 * that stay errors.
 */
final class Refusals {

  private Refusals() {}

  static StorageException notFound(StoragePath path) {
    return new StorageException(Reason.NOT_FOUND, "Nothing at " + display(path) + ".");
  }

  static StorageException exists(StoragePath path) {
    return new StorageException(
        Reason.ALREADY_EXISTS, "Something already exists at " + display(path) + ".");
  }

  static StorageException unsafe() {
    return new StorageException(
        Reason.UNSAFE_PATH, "The path leads through a link or leaves the home folder.");
  }

  static StorageException tooLarge(long max) {
    return new StorageException(
        Reason.TOO_LARGE, "The content is larger than the limit of " + max + " bytes.");
  }

  static StorageException noSuchUpload() {
    return new StorageException(Reason.NOT_FOUND, "No such upload.");
  }

  private static String display(StoragePath path) {
    return path.isRoot() ? "the home folder" : "'" + path + "'";
  }

  /**
   * What a file-system error means when another request raced this one (a folder removed, moved,
   * filled or replaced under it): a refusal the caller can act on. Anything else stays an I/O
   * error.
   */
  static IOException meaningOf(IOException e, StoragePath path) {
    if (e instanceof NoSuchFileException) {
      throw new StorageException(
          Reason.NOT_FOUND,
          "Nothing at " + display(path) + " any more: another request removed or moved it.");
    }
    if (e instanceof DirectoryNotEmptyException || reason(e, "Directory not empty")) {
      throw new StorageException(Reason.NOT_EMPTY, "The target folder is not empty.");
    }
    if (e instanceof NotDirectoryException || reason(e, "Not a directory")) {
      throw new StorageException(
          Reason.NOT_A_FOLDER, "A file stands where a folder is needed on this path.");
    }
    if (reason(e, "Is a directory")) {
      throw new StorageException(Reason.IS_A_FOLDER, "A folder stands at this path.");
    }
    if (e instanceof FileAlreadyExistsException) {
      throw exists(path);
    }
    if (isLink(e)) {
      throw unsafe();
    }
    return noSpaceOr(e);
  }

  static boolean reason(IOException e, String reason) {
    return e instanceof FileSystemException f && reason.equals(f.getReason());
  }

  /** ELOOP: opening with no-follow met a symbolic link. */
  static boolean isLink(IOException e) {
    String message =
        e instanceof FileSystemException f && f.getReason() != null
            ? f.getReason()
            : e.getMessage();
    return message != null && message.startsWith("Too many levels of symbolic links");
  }

  /** A full disk is the caller's business (507); other I/O errors are not. */
  static IOException noSpaceOr(IOException e) {
    String message = e.getMessage();
    if (message != null && message.contains("No space left on device")) {
      throw new StorageException(Reason.NO_SPACE, "The storage is full.");
    }
    return e;
  }
}
