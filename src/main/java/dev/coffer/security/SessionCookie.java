package dev.coffer.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The web interface's session cookie and the CSRF token bound to it. The token is derived from the
 * session secret (SHA-256 under a fixed label), so it needs no storage and changes with every
 * session, while the secret itself never reaches a script: the cookie is {@code HttpOnly}.
 */
public final class SessionCookie {

  /** The cookie that carries the session secret. */
  public static final String NAME = "coffer-session";

  /** The header that a cookie-authenticated request must carry on every state change. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private SessionCookie() {}

  /** The session secret the request's cookie carries, or null. */
  public static @Nullable String secret(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies) {
      if (NAME.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
        return cookie.getValue();
      }
    }
    return null;
  }

  /** Whether the request is one that the session cookie authenticates: no Authorization header. */
  static boolean authenticates(HttpServletRequest request) {
    return request.getHeader(HttpHeaders.AUTHORIZATION) == null && secret(request) != null;
  }

  /** The CSRF token of a session. */
  public static String csrfToken(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("coffer-csrf:" + secret).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * A {@code Set-Cookie} value: {@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} when the
   * request came over HTTPS (directly or through a proxy that says so), for the whole site. An
   * empty secret with a zero life removes the cookie.
   */
  public static String header(HttpServletRequest request, String secret, Duration life) {
    return ResponseCookie.from(NAME, secret)
        .httpOnly(true)
        .secure(request.isSecure())
        .sameSite("Lax")
        .path("/")
        .maxAge(life)
        .build()
        .toString();
  }
}
