package dev.coffer.security;

import dev.coffer.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;

/**
 * Answers failed authentication (401, or 429 when throttled) and refused authorization (403) with
 * problem+json. Every 401 is the same whatever went wrong, so callers cannot tell an unknown user
 * from a wrong password.
 */
@Component
class ProblemEntryPoints implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final ProblemWriter writer;

  ProblemEntryPoints(ProblemWriter writer) {
    this.writer = writer;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (e instanceof ThrottledException throttled) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
      writer.write(
          response,
          HttpStatus.TOO_MANY_REQUESTS,
          "too-many-attempts",
          "Too many failed sign-in attempts; retry after the time in Retry-After.");
      return;
    }
    if (e instanceof BusyException) {
      response.setHeader(HttpHeaders.RETRY_AFTER, "1");
      writer.write(response, HttpStatus.SERVICE_UNAVAILABLE, "busy", e.getMessage());
      return;
    }
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(request));
    writer.write(
        response,
        HttpStatus.UNAUTHORIZED,
        "unauthorized",
        "Authentication required: send valid Basic credentials or a bearer token.");
  }

  /**
   * Basic, except for the web interface's own requests (no Authorization header, and the session
   * cookie or {@code X-Requested-With}): a Basic challenge would make the browser open its own
   * password dialog over the page's sign-in form.
   */
  static String challenge(HttpServletRequest request) {
    boolean page =
        request.getHeader(HttpHeaders.AUTHORIZATION) == null
            && (SessionCookie.secret(request) != null
                || request.getHeader("X-Requested-With") != null);
    return page ? "Session realm=\"coffer\"" : "Basic realm=\"coffer\"";
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    if (e instanceof CsrfException) {
      writer.write(
          response,
          HttpStatus.FORBIDDEN,
          "csrf-failed",
          "A request signed in by the session cookie needs the session's "
              + SessionCookie.CSRF_HEADER
              + " header; sign in again if the page is old.");
      return;
    }
    writer.write(response, HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this.");
  }
}
