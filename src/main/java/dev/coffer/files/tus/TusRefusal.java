package dev.coffer.files.tus;

import dev.coffer.Refusal;
import dev.coffer.files.storage.StorageException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A refused tus request. It carries {@code Tus-Resumable} like every tus response, and {@code
 * Tus-Version} when the client speaks another protocol version.
 */
class TusRefusal extends Refusal {

  TusRefusal(Kind kind, String code, @Nullable String detail) {
    super(kind, code, detail);
  }

  /** The same meaning a storage refusal has for {@code PUT /api/v1/files}, with tus's headers. */
  static TusRefusal from(StorageException e) {
    return new TusRefusal(e.kind(), e.code(), e.getMessage());
  }

  static TusRefusal badRequest(String code, @Nullable String detail) {
    return new TusRefusal(Kind.INVALID, code, detail);
  }

  static TusRefusal notFound() {
    return new TusRefusal(Kind.NOT_FOUND, "not-found", "No such upload.");
  }

  @Override
  public Map<String, String> headers() {
    if (kind() == Kind.PRECONDITION_FAILED && "unsupported-version".equals(code())) {
      return Map.of(Tus.RESUMABLE, Tus.VERSION, Tus.SUPPORTED_VERSIONS, Tus.VERSION);
    }
    return Map.of(Tus.RESUMABLE, Tus.VERSION);
  }
}
