package dev.coffer.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.coffer.security.ThrottledException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after too many failures for one username, or from one client address,
 * within the window, sign-ins for it are refused with 429 until the window has passed since the
 * first of those failures. The real owner gets back in after the window; nobody is locked out for
 * good. Counters live in this node's memory.
 */
@Component
class LoginThrottle {

  private static final class Failures {
    private final Instant first;
    private int count;

    private Failures(Instant first) {
      this.first = first;
    }
  }

  private final Cache<String, Failures> byUser;
  private final Cache<String, Failures> byClient;
  private final AccountProperties properties;
  private final Clock clock;

  LoginThrottle(AccountProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    this.byUser = newCache(properties.throttleWindow(), clock);
    this.byClient = newCache(properties.throttleWindow(), clock);
  }

  /** Refuses the attempt if either the username or the client is throttled. */
  void check(String username, String client) {
    Instant now = clock.instant();
    refuseIfOver(byUser.getIfPresent(username), properties.maxFailuresPerUser(), now);
    refuseIfOver(byClient.getIfPresent(client), properties.maxFailuresPerClient(), now);
  }

  void failed(String username, String client) {
    Instant now = clock.instant();
    count(byUser, username, now);
    count(byClient, client, now);
  }

  void succeeded(String username) {
    byUser.invalidate(username);
  }

  private void refuseIfOver(@Nullable Failures failures, int max, Instant now) {
    if (failures == null) {
      return;
    }
    synchronized (failures) {
      Instant until = failures.first.plus(properties.throttleWindow());
      if (failures.count >= max && now.isBefore(until)) {
        throw new ThrottledException(Duration.between(now, until));
      }
    }
  }

  private void count(Cache<String, Failures> cache, String key, Instant now) {
    Failures failures = cache.asMap().compute(key, (k, old) -> fresh(old, now));
    synchronized (failures) {
      failures.count++;
    }
  }

  private Failures fresh(@Nullable Failures old, Instant now) {
    return old == null || !now.isBefore(old.first.plus(properties.throttleWindow()))
        ? new Failures(now)
        : old;
  }

  /** Entries expire on the same clock that the window is measured with. */
  private static Cache<String, Failures> newCache(Duration window, Clock clock) {
    Ticker ticker =
        () -> {
          Instant now = clock.instant();
          return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        };
    return Caffeine.newBuilder()
        .ticker(ticker)
        .expireAfterWrite(window)
        .maximumSize(100_000)
        .build();
  }
}
