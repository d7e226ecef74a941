package dev.coffer.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/** Turns the secret of an {@code Authorization: Bearer} header into an authenticated caller. */
public interface BearerTokenAuthenticator {

  /**
   * @throws AuthenticationException when the token is unknown, expired, revoked or its account is
   *     disabled
   */
  Authentication authenticate(String token);
}
