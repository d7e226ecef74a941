package dev.coffer.account;

import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Checks Basic credentials: throttle first (cheap), then the verified-credential cache, and only
 * then Argon2 on the bounded pool. Unknown users pay for a dummy check, so they look the same as
 * wrong passwords in status, body and time. A legacy hash is re-hashed with Argon2id on success.
 */
@Component
class PasswordAuthenticationProvider implements AuthenticationProvider {

  private final UserRepository users;
  private final PasswordHashing hashing;
  private final CredentialCache cache;
  private final LoginThrottle throttle;

  PasswordAuthenticationProvider(
      UserRepository users,
      PasswordHashing hashing,
      CredentialCache cache,
      LoginThrottle throttle) {
    this.users = users;
    this.hashing = hashing;
    this.cache = cache;
    this.throttle = throttle;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String username = authentication.getName();
    String password = String.valueOf(authentication.getCredentials());
    String client =
        authentication.getDetails() instanceof WebAuthenticationDetails details
            ? details.getRemoteAddress()
            : "unknown";
    throttle.check(username, client);

    Optional<User> found = users.find(username);
    CredentialCache.Entry cached = cache.get(username, password);
    if (cached != null
        && found.isPresent()
        && !found.get().disabled()
        && found.get().passwordHash().equals(cached.passwordHash())) {
      return Authorities.authenticated(username, found.get().admin());
    }

    boolean matches;
    if (found.isPresent()) {
      matches = hashing.matches(password, found.get().passwordHash());
    } else {
      hashing.matchNothing(password);
      matches = false;
    }
    if (!matches || found.get().disabled()) {
      throttle.failed(username, client);
      throw new BadCredentialsException("Bad credentials");
    }
    throttle.succeeded(username);

    User user = found.get();
    String hash = user.passwordHash();
    if (hashing.needsUpgrade(hash)) {
      String upgraded = hashing.hash(password);
      if (users.replaceHash(username, hash, upgraded)) {
        hash = upgraded;
      }
    }
    cache.put(username, password, hash);
    return Authorities.authenticated(username, user.admin());
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
