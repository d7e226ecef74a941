package dev.coffer.files;

import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StoragePath;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Turns the rest of a request URL into a {@link StoragePath}, once, at the edge. It reads the raw
 * request URI (still percent-encoded, as the client sent it) rather than the container's decoded
 * and normalised path, so every segment is decoded exactly once and checked on its own.
 */
final class RequestPaths {

  private RequestPaths() {}

  static StoragePath after(HttpServletRequest request, String prefix) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    if (context != null && !context.isEmpty() && uri.startsWith(context)) {
      uri = uri.substring(context.length());
    }
    String rest;
    if (uri.equals(prefix)) {
      rest = "";
    } else if (uri.startsWith(prefix + "/")) {
      rest = uri.substring(prefix.length() + 1);
    } else {
      throw FilesProblem.invalidPath("The path is not valid.");
    }
    return parse(() -> StoragePath.fromUrl(rest));
  }

  /** A path typed in a JSON body or form field. */
  static StoragePath fromText(String field, String text) {
    if (text == null) {
      throw FilesProblem.invalidPath(field + ": a path is required.");
    }
    return parse(() -> StoragePath.parse(text));
  }

  /** A file name from a form upload, as an entry of {@code folder}. */
  static StoragePath child(StoragePath folder, @Nullable String name) {
    if (name == null || name.isEmpty()) {
      throw FilesProblem.invalidPath("file: every part needs a file name.");
    }
    return parse(() -> folder.child(name));
  }

  private static StoragePath parse(java.util.function.Supplier<StoragePath> parser) {
    try {
      return parser.get();
    } catch (StorageException e) {
      throw FilesProblem.from(e);
    }
  }
}
