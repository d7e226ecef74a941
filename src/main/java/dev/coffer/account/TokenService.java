package dev.coffer.account;

import dev.coffer.security.BearerTokenAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * Bearer tokens for scripts: 256 random bits, shown once, stored only as SHA-256 (a fast hash is
 * enough for a secret with that much entropy, and keeps token requests fast).
 */
@Service
class TokenService implements BearerTokenAuthenticator {

  static final String PREFIX = "coffer_";

  private final TokenRepository tokens;
  private final TokenCache cache;
  private final AccountProperties properties;
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  TokenService(
      TokenRepository tokens, TokenCache cache, AccountProperties properties, Clock clock) {
    this.tokens = tokens;
    this.cache = cache;
    this.properties = properties;
    this.clock = clock;
  }

  record Created(ApiToken token, String secret) {}

  Created create(String username, String name, @Nullable Integer expiresInDays) {
    if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > properties.maxTokenDays())) {
      throw AccountProblem.invalid(
          "expiresInDays: must be between 1 and " + properties.maxTokenDays());
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    OffsetDateTime now = now();
    ApiToken token =
        new ApiToken(
            UUID.randomUUID().toString(),
            username,
            name,
            hash(secret),
            now,
            expiresInDays == null ? null : now.plusDays(expiresInDays));
    tokens.insert(token);
    return new Created(token, secret);
  }

  List<ApiToken> list(String username) {
    return tokens.findByUser(username);
  }

  void revoke(String username, String id) {
    if (!tokens.delete(username, id)) {
      throw AccountProblem.tokenNotFound();
    }
    cache.invalidate();
  }

  @Override
  public Authentication authenticate(String secret) {
    TokenRepository.Owner owner =
        cache
            .find(hash(secret), tokens::findOwner)
            .orElseThrow(() -> new BadCredentialsException("token"));
    if (owner.disabled() || (owner.expiresAt() != null && !owner.expiresAt().isAfter(now()))) {
      throw new BadCredentialsException("token");
    }
    return Authorities.authenticated(owner.username(), owner.admin());
  }

  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
  void deleteExpired() {
    if (tokens.deleteExpired(now()) > 0) {
      cache.invalidate();
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock)
        .withOffsetSameInstant(ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.MICROS);
  }

  static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
