package dev.coffer.ui;

import dev.coffer.security.CofferPrincipal;
import dev.coffer.security.SessionCookie;
import dev.coffer.security.SessionTokens;
import dev.coffer.security.ThrottledException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing in and out of the web interface. The password goes through the same authentication
 * manager as Basic (so the same Argon2 check, credential cache and throttle); a successful sign-in
 * becomes a session token in an {@code HttpOnly} cookie, and the page gets only the session's CSRF
 * token, which it keeps in memory.
 */
@RestController
@RequestMapping("/ui/session")
class SessionController {

  record SignIn(
      @NotNull @Size(max = 64) String username, @NotNull @Size(max = 1024) String password) {}

  record Session(String username, boolean admin, String csrfToken) {}

  private final AuthenticationManager authentication;
  private final SessionTokens sessions;
  private final UiProperties properties;

  SessionController(
      AuthenticationManager authentication, SessionTokens sessions, UiProperties properties) {
    this.authentication = authentication;
    this.sessions = sessions;
    this.properties = properties;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Session> signIn(@Valid @RequestBody SignIn body, HttpServletRequest request) {
    UsernamePasswordAuthenticationToken attempt =
        UsernamePasswordAuthenticationToken.unauthenticated(body.username(), body.password());
    attempt.setDetails(new WebAuthenticationDetails(request));
    Authentication signedIn;
    try {
      signedIn = authentication.authenticate(attempt);
    } catch (ThrottledException e) {
      throw UiProblem.throttled(e.retryAfterSeconds());
    } catch (AuthenticationException e) {
      throw UiProblem.wrongCredentials();
    }
    if (!(signedIn.getPrincipal() instanceof CofferPrincipal me)) {
      throw UiProblem.wrongCredentials();
    }
    String secret = sessions.issue(me.username(), properties.sessionLifetime());
    return ResponseEntity.ok()
        .header(
            HttpHeaders.SET_COOKIE,
            SessionCookie.header(request, secret, properties.sessionLifetime()))
        .body(new Session(me.username(), me.admin(), SessionCookie.csrfToken(secret)));
  }

  /** The current session, for a page that was reloaded: who is signed in and the CSRF token. */
  @GetMapping
  Session current(
      @AuthenticationPrincipal @Nullable CofferPrincipal me, HttpServletRequest request) {
    String secret = SessionCookie.secret(request);
    if (me == null || secret == null || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
      throw UiProblem.notSignedIn();
    }
    return new Session(me.username(), me.admin(), SessionCookie.csrfToken(secret));
  }

  /** Ends the session everywhere (its token is revoked) and removes the cookie. */
  @DeleteMapping
  ResponseEntity<Void> signOut(HttpServletRequest request) {
    String secret = SessionCookie.secret(request);
    if (secret != null) {
      sessions.revoke(secret);
    }
    return ResponseEntity.noContent()
        .header(HttpHeaders.SET_COOKIE, SessionCookie.header(request, "", Duration.ZERO))
        .build();
  }
}
