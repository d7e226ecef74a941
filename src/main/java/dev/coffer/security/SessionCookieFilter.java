package dev.coffer.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the web interface's requests by their session cookie, only when they carry no
 * {@code Authorization} header: Basic and bearer requests are decided as before, cookie or not. A
 * cookie that no longer names a session is removed and the request goes on unauthenticated, so the
 * public pages still load and the API answers 401.
 */
class SessionCookieFilter extends OncePerRequestFilter {

  private final BearerTokenAuthenticator sessions;

  SessionCookieFilter(BearerTokenAuthenticator sessions) {
    this.sessions = sessions;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String secret = SessionCookie.secret(request);
    if (secret != null && request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
      try {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(sessions.authenticate(secret));
        SecurityContextHolder.setContext(context);
      } catch (AuthenticationException e) {
        response.addHeader(
            HttpHeaders.SET_COOKIE, SessionCookie.header(request, "", Duration.ZERO));
      }
    }
    chain.doFilter(request, response);
  }
}
