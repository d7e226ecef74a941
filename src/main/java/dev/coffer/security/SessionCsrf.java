package dev.coffer.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * CSRF protection for the requests the session cookie authenticates, through Spring Security's
 * {@code CsrfFilter}: every state change (not GET, HEAD, OPTIONS, TRACE) that carries the cookie
 * and no {@code Authorization} header needs {@link SessionCookie#CSRF_HEADER} with the session's
 * token. Basic and bearer requests cannot be forged by another site, so they need none. Signing in
 * (which has no session yet) is exempt; it takes JSON only, which another site cannot send without
 * a CORS pre-flight that this service never grants.
 */
final class SessionCsrf implements CsrfTokenRepository, RequestMatcher {

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private static final String PARAMETER = "_csrf";

  private final String signInPath;

  SessionCsrf(String signInPath) {
    this.signInPath = signInPath;
  }

  @Override
  public boolean matches(HttpServletRequest request) {
    return !SAFE.contains(request.getMethod())
        && SessionCookie.authenticates(request)
        && !(signInPath.equals(request.getRequestURI()) && "POST".equals(request.getMethod()));
  }

  @Override
  public CsrfToken generateToken(HttpServletRequest request) {
    return new DefaultCsrfToken(SessionCookie.CSRF_HEADER, PARAMETER, UUID.randomUUID().toString());
  }

  @Override
  public void saveToken(
      @Nullable CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
    // Derived from the session secret; nothing to store.
  }

  @Override
  public @Nullable CsrfToken loadToken(HttpServletRequest request) {
    String secret = SessionCookie.secret(request);
    return secret == null
        ? null
        : new DefaultCsrfToken(
            SessionCookie.CSRF_HEADER, PARAMETER, SessionCookie.csrfToken(secret));
  }
}
