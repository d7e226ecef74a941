package dev.coffer.security;

import org.springframework.security.core.AuthenticationException;

/** Sign-in could not be checked in time because the password checker is saturated. */
public class BusyException extends AuthenticationException {

  public BusyException() {
    super("Too many sign-ins are being checked; try again shortly.");
  }
}
