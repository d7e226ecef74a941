package dev.coffer.account;

import dev.coffer.security.ThrottledException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after too many failures for one username, or from one client address,
 * within the window, sign-ins for it are refused with 429 until the window has passed since the
 * first of those failures. The real owner gets back in after the window; nobody is locked out for
 * good.
 *
 * <p>Counters live in the database ({@code login_failures}), so a limit of N per window is N for
 * all nodes together. Each failure is one atomic conditional update of its row (a new window starts
 * when the old one has passed), or an insert when there is no row, retried as an update when
 * another node inserted it first. Times come from the application's clock.
 */
@Component
class LoginThrottle {

  private static final String USER = "u:";
  private static final String CLIENT = "c:";

  private record Failures(String throttleKey, long firstAtMs, int failures) {}

  private final JdbcClient jdbc;
  private final AccountProperties properties;
  private final Clock clock;

  LoginThrottle(JdbcClient jdbc, AccountProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
  }

  /** Refuses the attempt if either the username or the client is throttled. */
  void check(String username, String client) {
    Instant now = clock.instant();
    List<Failures> rows =
        jdbc.sql(
                "select throttle_key, first_at_ms, failures from login_failures"
                    + " where throttle_key in (:user, :client)")
            .param("user", key(USER, username))
            .param("client", key(CLIENT, client))
            .query(Failures.class)
            .list();
    for (Failures row : rows) {
      int max =
          row.throttleKey().startsWith(USER)
              ? properties.maxFailuresPerUser()
              : properties.maxFailuresPerClient();
      Instant until = Instant.ofEpochMilli(row.firstAtMs()).plus(properties.throttleWindow());
      if (row.failures() >= max && now.isBefore(until)) {
        throw new ThrottledException(Duration.between(now, until));
      }
    }
  }

  void failed(String username, String client) {
    long now = clock.millis();
    count(key(USER, username), now);
    count(key(CLIENT, client), now);
  }

  void succeeded(String username) {
    jdbc.sql("delete from login_failures where throttle_key = ?")
        .param(key(USER, username))
        .update();
  }

  /** Forgets windows that have passed, so the table holds only recent failures. */
  @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT5M")
  void deletePassed() {
    jdbc.sql("delete from login_failures where first_at_ms <= ?")
        .param(clock.millis() - properties.throttleWindow().toMillis())
        .update();
  }

  /** The row's key; a name too long for the column (any string can be tried) by its digest. */
  private static String key(String kind, String name) {
    if (name.length() <= 256) {
      return kind + name;
    }
    return kind + "#" + TokenService.hash(name);
  }

  private void count(String key, long now) {
    long windowStart = now - properties.throttleWindow().toMillis();
    for (int attempt = 0; ; attempt++) {
      int updated =
          jdbc.sql(
                  "update login_failures set"
                      + " failures = case when first_at_ms > :start then failures + 1 else 1 end,"
                      + " first_at_ms = case when first_at_ms > :start then first_at_ms else :now end"
                      + " where throttle_key = :key")
              .param("start", windowStart)
              .param("now", now)
              .param("key", key)
              .update();
      if (updated > 0) {
        return;
      }
      try {
        jdbc.sql(
                "insert into login_failures (throttle_key, first_at_ms, failures) values (?, ?, 1)")
            .params(key, now)
            .update();
        return;
      } catch (DuplicateKeyException e) {
        if (attempt > 0) {
          throw e;
        }
        // Another node counted the first failure meanwhile: count on top of it.
      }
    }
  }
}
