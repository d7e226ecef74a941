package dev.coffer.account;

import dev.coffer.security.BusyException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes and checks passwords: Argon2id at OWASP's parameters (m=19456 KiB, t=2, p=1) inside a
 * {@link DelegatingPasswordEncoder}, which also reads legacy {@code {SHA-256}} hashes. Each check
 * costs tens of milliseconds and 19 MiB, so checks run behind a small semaphore: a flood of
 * sign-ins can slow other sign-ins but never exhaust memory or starve the rest of the service.
 */
@Component
class PasswordHashing {

  static final String ARGON2 = "argon2";

  private final PasswordEncoder encoder;
  private final Semaphore permits;
  private final String dummyHash;

  PasswordHashing(AccountProperties properties) {
    this.encoder =
        new DelegatingPasswordEncoder(
            ARGON2,
            Map.of(
                ARGON2,
                new Argon2PasswordEncoder(16, 32, 1, 19456, 2),
                "SHA-256",
                new LegacySha256PasswordEncoder()));
    this.permits = new Semaphore(properties.effectivePasswordCheckConcurrency(), true);
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    this.dummyHash = encoder.encode(Base64.getEncoder().encodeToString(random));
  }

  String hash(String password) {
    return guarded(() -> encoder.encode(password));
  }

  boolean matches(String password, String hash) {
    return guarded(() -> encoder.matches(password, hash));
  }

  /** Spends the same effort as a real check, so unknown users take as long as wrong passwords. */
  void matchNothing(String password) {
    guarded(() -> encoder.matches(password, dummyHash));
  }

  boolean needsUpgrade(String hash) {
    return encoder.upgradeEncoding(hash);
  }

  private <T> T guarded(java.util.function.Supplier<T> work) {
    boolean acquired;
    try {
      acquired = permits.tryAcquire(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusyException();
    }
    if (!acquired) {
      throw new BusyException();
    }
    try {
      return work.get();
    } finally {
      permits.release();
    }
  }
}
