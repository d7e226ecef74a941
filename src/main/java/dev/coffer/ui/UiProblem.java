package dev.coffer.ui;

import dev.coffer.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The ways signing in to the web interface can be refused. */
final class UiProblem extends ApiException {

  private final long retryAfterSeconds;

  private UiProblem(HttpStatus status, String code, String detail, long retryAfterSeconds) {
    super(status, code, detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The page has its own sign-in form, so a 401 here never challenges for Basic. */
  static UiProblem wrongCredentials() {
    return new UiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Wrong username or password.", 0);
  }

  static UiProblem notSignedIn() {
    return new UiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Not signed in.", 0);
  }

  static UiProblem throttled(long retryAfterSeconds) {
    return new UiProblem(
        HttpStatus.TOO_MANY_REQUESTS,
        "too-many-attempts",
        "Too many failed sign-in attempts; retry after the time in Retry-After.",
        retryAfterSeconds);
  }

  @Override
  public HttpHeaders headers() {
    HttpHeaders headers = new HttpHeaders();
    if (status() == HttpStatus.UNAUTHORIZED) {
      headers.set(HttpHeaders.WWW_AUTHENTICATE, "Session realm=\"coffer\"");
    }
    if (retryAfterSeconds > 0) {
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
    return headers;
  }
}
