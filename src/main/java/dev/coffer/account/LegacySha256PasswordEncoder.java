package dev.coffer.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Verifies the unsalted SHA-256 hex hashes the original socket server stored, so that imported
 * accounts can still sign in; they are re-hashed with Argon2id at their next successful sign-in. It
 * never produces new hashes.
 */
final class LegacySha256PasswordEncoder implements PasswordEncoder {

  @Override
  public String encode(@Nullable CharSequence rawPassword) {
    throw new UnsupportedOperationException("SHA-256 password hashes are verified, never made");
  }

  @Override
  public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
    if (rawPassword == null || encodedPassword == null || encodedPassword.length() != 64) {
      return false;
    }
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(encodedPassword.toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, sha256(rawPassword.toString()));
  }

  @Override
  public boolean upgradeEncoding(@Nullable String encodedPassword) {
    return true;
  }

  private static byte[] sha256(String password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
