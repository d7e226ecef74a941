package dev.coffer.account;

/** The one rule for account names, which also name folders on disk. */
final class Usernames {

  /** Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, 1–64 long. */
  static final String PATTERN = "^[a-z0-9][a-z0-9._-]{0,63}$";

  private Usernames() {}
}
