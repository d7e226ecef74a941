package dev.coffer.files.tus;

import dev.coffer.files.FilesProblem;
import dev.coffer.files.storage.StorageException;
import dev.coffer.web.ApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A refused tus request, rendered as problem+json by the shared advice. It carries {@code
 * Tus-Resumable} like every tus response, and {@code Tus-Version} when the client speaks another
 * protocol version.
 */
class TusProblem extends ApiException {

  TusProblem(HttpStatus status, String code, @Nullable String detail) {
    super(status, code, detail);
  }

  /** The same meaning a storage refusal has for {@code PUT /api/v1/files}. */
  static TusProblem from(StorageException e) {
    FilesProblem files = FilesProblem.from(e);
    return new TusProblem(files.status(), files.code(), files.getMessage());
  }

  static TusProblem badRequest(String code, @Nullable String detail) {
    return new TusProblem(HttpStatus.BAD_REQUEST, code, detail);
  }

  static TusProblem notFound() {
    return new TusProblem(HttpStatus.NOT_FOUND, "not-found", "No such upload.");
  }

  @Override
  public HttpHeaders headers() {
    HttpHeaders headers = new HttpHeaders();
    headers.set(Tus.RESUMABLE, Tus.VERSION);
    if (status() == HttpStatus.PRECONDITION_FAILED && "unsupported-version".equals(code())) {
      headers.set(Tus.SUPPORTED_VERSIONS, Tus.VERSION);
    }
    return headers;
  }
}
