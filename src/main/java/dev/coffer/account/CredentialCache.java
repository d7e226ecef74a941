package dev.coffer.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.coffer.cluster.Notices;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Remembers Basic credentials that passed Argon2 for a short while, so that scripts using Basic
 * auth do not pay for a password hash on every request. Entries are keyed by an HMAC of username
 * and password under a key that lives only in this process, so the cache never holds a password or
 * anything that can be checked offline. An entry counts only while the stored hash it was verified
 * against is unchanged, so a password change on any node ends it; word of a change on another node
 * ({@link Notices}) also drops that user's entries at once, and while a node cannot hear such word
 * it does not use the cache.
 */
@Component
class CredentialCache {

  /** What a verified credential was checked against. */
  record Entry(String username, String passwordHash) {}

  private final Cache<String, Entry> entries;
  private final SecretKeySpec key;
  private final Notices notices;

  CredentialCache(AccountProperties properties, Notices notices) {
    this.notices = notices;
    this.entries =
        Caffeine.newBuilder()
            .expireAfterWrite(properties.credentialCacheTtl())
            .maximumSize(10_000)
            .build();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    notices.subscribe(
        username -> {
          if (username == null) {
            entries.invalidateAll();
          } else {
            forget(username);
          }
        });
  }

  @Nullable Entry get(String username, String password) {
    return notices.catchUp() ? entries.getIfPresent(keyOf(username, password)) : null;
  }

  void put(String username, String password, String passwordHash) {
    entries.put(keyOf(username, password), new Entry(username, passwordHash));
  }

  void forget(String username) {
    entries.asMap().values().removeIf(e -> e.username().equals(username));
  }

  private String keyOf(String username, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(username.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
