package dev.coffer.account;

import dev.coffer.security.CofferPrincipal;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** Builds the authentication that controllers see for a signed-in account. */
final class Authorities {

  private static final List<GrantedAuthority> USER =
      List.of(new SimpleGrantedAuthority("ROLE_USER"));
  private static final List<GrantedAuthority> ADMIN =
      List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"));

  private Authorities() {}

  static Authentication authenticated(String username, boolean admin) {
    return UsernamePasswordAuthenticationToken.authenticated(
        new CofferPrincipal(username, admin), null, admin ? ADMIN : USER);
  }
}
