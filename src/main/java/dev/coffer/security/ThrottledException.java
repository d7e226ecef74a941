package dev.coffer.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** Sign-in refused because too many attempts failed recently; the caller may retry later. */
public class ThrottledException extends AuthenticationException {

  private final transient Duration retryAfter;

  public ThrottledException(Duration retryAfter) {
    super("Too many failed sign-in attempts.");
    this.retryAfter = retryAfter;
  }

  /** Whole seconds until the caller may try again, at least one. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
