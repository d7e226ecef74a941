package dev.coffer.files;

import dev.coffer.error.Refusal;

/** A file operation refused by the rules of the files feature (storage's own: StorageException). */
final class FileRefusal extends Refusal {

  FileRefusal(Kind kind, String code, String detail) {
    super(kind, code, detail);
  }

  static FileRefusal invalid(String code, String detail) {
    return new FileRefusal(Kind.INVALID, code, detail);
  }

  static FileRefusal invalidPath(String detail) {
    return invalid("invalid-path", detail);
  }
}
