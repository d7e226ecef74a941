package dev.coffer.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer} requests: API tokens through {@link
 * BearerTokenAuthenticator}, and the optional metrics scrape token for the Prometheus endpoint.
 */
class BearerTokenFilter extends OncePerRequestFilter {

  private static final String PREFIX = "Bearer ";

  private final BearerTokenAuthenticator authenticator;
  private final AuthenticationEntryPoint entryPoint;
  private final byte @Nullable [] scrapeToken;

  BearerTokenFilter(
      BearerTokenAuthenticator authenticator,
      AuthenticationEntryPoint entryPoint,
      @Nullable String scrapeToken) {
    this.authenticator = authenticator;
    this.entryPoint = entryPoint;
    this.scrapeToken =
        scrapeToken == null || scrapeToken.isBlank()
            ? null
            : scrapeToken.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      chain.doFilter(request, response);
      return;
    }
    String token = header.substring(PREFIX.length()).trim();
    try {
      Authentication authentication =
          isScrapeToken(token) && "/actuator/prometheus".equals(request.getRequestURI())
              ? new UsernamePasswordAuthenticationToken(
                  "metrics", null, List.of(new SimpleGrantedAuthority("ROLE_METRICS")))
              : authenticator.authenticate(token);
      var context = SecurityContextHolder.createEmptyContext();
      context.setAuthentication(authentication);
      SecurityContextHolder.setContext(context);
    } catch (AuthenticationException e) {
      SecurityContextHolder.clearContext();
      entryPoint.commence(request, response, e);
      return;
    }
    chain.doFilter(request, response);
  }

  private boolean isScrapeToken(String token) {
    return scrapeToken != null
        && MessageDigest.isEqual(scrapeToken, token.getBytes(StandardCharsets.UTF_8));
  }
}
