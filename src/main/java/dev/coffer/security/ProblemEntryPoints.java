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
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"coffer\"");
    writer.write(
        response,
        HttpStatus.UNAUTHORIZED,
        "unauthorized",
        "Authentication required: send valid Basic credentials or a bearer token.");
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    writer.write(response, HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this.");
  }
}
