package dev.coffer.web;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * An error that carries its own meaning: the HTTP status, a stable machine-readable code and a
 * message safe to show to the caller. Features subclass it; {@link ProblemAdvice} turns it into
 * {@code application/problem+json}.
 */
public abstract class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;

  protected ApiException(HttpStatus status, String code, @Nullable String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Extra headers for the response, such as {@code Retry-After}. */
  public org.springframework.http.HttpHeaders headers() {
    return new org.springframework.http.HttpHeaders();
  }
}
