package dev.coffer.security;

import java.time.Duration;

/**
 * Issues and ends browser sessions. A session is an API token with a short life: like every token
 * it is stored only as a hash, refused at once when revoked or its account is disabled, and valid
 * on every node; the browser holds its secret in an {@code HttpOnly} cookie.
 */
public interface SessionTokens {

  /** A new session secret for the signed-in user, valid for {@code ttl}. */
  String issue(String username, Duration ttl);

  /** Ends the session whose secret this is; an unknown secret is ignored. */
  void revoke(String secret);
}
