package dev.coffer.files;

import dev.coffer.Refusal;
import org.jspecify.annotations.Nullable;

/** A file operation refused by the rules of the files feature (storage's own: StorageException). */
final class FileRefusal extends Refusal {

  FileRefusal(Kind kind, String code, @Nullable String detail) {
    super(kind, code, detail);
  }

  static FileRefusal invalid(String code, @Nullable String detail) {
    return new FileRefusal(Kind.INVALID, code, detail);
  }

  static FileRefusal invalidPath(String detail) {
    return invalid("invalid-path", detail);
  }
}
