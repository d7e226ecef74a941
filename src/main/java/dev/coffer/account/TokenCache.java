package dev.coffer.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.coffer.cluster.Notices;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Remembers what a bearer token's lookup returned (owner, role, disabled flag, expiry), so that a
 * script's small requests do not each pay for a database query. Every change made here ({@link
 * #invalidate}) clears it once committed; a change made anywhere else (another node, or SQL by
 * hand) reaches it through {@link Notices}: on PostgreSQL, triggers on {@code users} and {@code
 * api_tokens} notify every node as the change commits, and a cached entry is trusted only after
 * taking in what has arrived, and never while the node cannot hear them. So it is on by default for
 * an embedded H2 database (one process alone can open it) and for PostgreSQL; for any other shared
 * database every request asks it.
 *
 * <p>A lookup that overlaps an invalidation is not kept: each one notes the generation before
 * querying and drops its entry if the generation moved, so a query that read a row just before a
 * change committed cannot put the old row back after the change cleared the cache.
 */
@Component
class TokenCache {

  /** Whether to cache: {@code auto} caches for an embedded H2 database and for PostgreSQL. */
  enum Mode {
    AUTO,
    ON,
    OFF
  }

  private final @Nullable Cache<String, TokenRepository.Owner> entries;
  private final AtomicLong generation = new AtomicLong();
  private final Notices notices;

  @Autowired
  TokenCache(
      AccountProperties properties,
      @Value("${spring.datasource.url:}") String databaseUrl,
      Notices notices) {
    this(enabled(properties.tokenCache(), databaseUrl), notices);
  }

  TokenCache(boolean enabled) {
    this(enabled, Notices.local());
  }

  TokenCache(boolean enabled, Notices notices) {
    this.notices = notices;
    this.entries =
        enabled
            ? Caffeine.newBuilder()
                .maximumSize(10_000)
                // Exactness comes from invalidation; the bound only keeps idle tokens from
                // lingering.
                .expireAfterAccess(Duration.ofMinutes(10))
                .build()
            : null;
    if (entries != null) {
      notices.subscribe(username -> clear());
    }
  }

  /**
   * Whether a token cache is safe by default: an embedded H2 database (file or memory) is open in
   * this process only, and PostgreSQL tells every node of each change. A server or auto-server H2
   * URL can be shared with no such word, so it is not cached.
   */
  static boolean enabled(Mode mode, String databaseUrl) {
    return switch (mode) {
      case ON -> true;
      case OFF -> false;
      case AUTO ->
          embeddedH2(databaseUrl)
              || (databaseUrl != null
                  && databaseUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, 16));
    };
  }

  static boolean embeddedH2(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
      return false;
    }
    String rest = url.substring(8).toLowerCase(java.util.Locale.ROOT);
    return !rest.startsWith("tcp:")
        && !rest.startsWith("ssl:")
        && !rest.contains(";auto_server=true")
        && !rest.contains(";file_lock=no");
  }

  /** The owner of a token hash: cached, or looked up with {@code lookup} (misses are not kept). */
  Optional<TokenRepository.Owner> find(
      String tokenHash, Function<String, Optional<TokenRepository.Owner>> lookup) {
    if (entries == null || !notices.catchUp()) {
      return lookup.apply(tokenHash);
    }
    TokenRepository.Owner cached = entries.getIfPresent(tokenHash);
    if (cached != null) {
      return Optional.of(cached);
    }
    long before = generation.get();
    Optional<TokenRepository.Owner> found = lookup.apply(tokenHash);
    if (found.isPresent() && generation.get() == before) {
      entries.put(tokenHash, found.get());
      // An invalidation between the check and the put has cleared or will clear the cache after
      // bumping the generation; if it bumped it already, take the entry out again.
      if (generation.get() != before) {
        entries.invalidate(tokenHash);
      }
    }
    return found;
  }

  /**
   * Forgets every cached lookup now and, inside a transaction, again once it completes: accounts
   * and tokens change seldom, and clearing all is simpler to trust than working out which entries a
   * change touches.
   */
  void invalidate() {
    if (entries == null) {
      return;
    }
    clear();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              clear();
            }
          });
    }
  }

  private void clear() {
    generation.incrementAndGet();
    if (entries != null) {
      entries.invalidateAll();
    }
  }
}
