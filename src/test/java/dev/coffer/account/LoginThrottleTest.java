package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.security.ThrottledException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class LoginThrottleTest {

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final MutableClock clock = new MutableClock();
  private final JdbcClient database = AccountPersistenceTest.migrated("h2");
  private final LoginThrottle throttle = node();

  /** A throttle as one node has it: every node shares the database. */
  private LoginThrottle node() {
    return new LoginThrottle(
        database,
        new AccountProperties(
            "admin",
            null,
            null,
            Duration.ofMinutes(5),
            3,
            10,
            Duration.ofMinutes(5),
            1,
            3650,
            TokenCache.Mode.AUTO),
        clock);
  }

  @Test
  void checkWhenFailuresSpreadOverTwoNodesThenLimitHoldsForBoth() {
    LoginThrottle other = node();
    throttle.failed("ann", "10.0.0.1");
    other.failed("ann", "10.0.0.2");
    assertThatCode(() -> other.check("ann", "10.0.0.3")).doesNotThrowAnyException();
    throttle.failed("ann", "10.0.0.1");
    assertThatThrownBy(() -> other.check("ann", "10.0.0.3")).isInstanceOf(ThrottledException.class);
    assertThatThrownBy(() -> throttle.check("ann", "10.0.0.3"))
        .isInstanceOf(ThrottledException.class);
  }

  @Test
  void failedWhenWindowHasPassedThenCountingStartsAfresh() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("ann", "10.0.0.1");
    }
    clock.now = clock.now.plus(Duration.ofMinutes(5));
    throttle.failed("ann", "10.0.0.1");
    throttle.failed("ann", "10.0.0.1");
    assertThatCode(() -> throttle.check("ann", "10.0.0.1")).doesNotThrowAnyException();
    throttle.deletePassed();
    assertThat(database.sql("select count(*) from login_failures").query(Long.class).single())
        .isEqualTo(2);
  }

  @Test
  void failedWhenUsernameIsLongerThanAnyColumnThenStillCounted() {
    String huge = "x".repeat(10_000);
    for (int i = 0; i < 3; i++) {
      throttle.failed(huge, "10.0.0." + i);
    }
    assertThatThrownBy(() -> throttle.check(huge, "10.0.0.9"))
        .isInstanceOf(ThrottledException.class);
  }

  @Test
  void checkWhenFailuresBelowLimitThenAllowed() {
    throttle.failed("ann", "10.0.0.1");
    throttle.failed("ann", "10.0.0.1");
    assertThatCode(() -> throttle.check("ann", "10.0.0.1")).doesNotThrowAnyException();
  }

  @Test
  void checkWhenUserReachedLimitThenThrottledWithRetryAfterUntilWindowEnds() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("ann", "10.0.0." + i);
    }
    clock.now = clock.now.plusSeconds(60);
    assertThatThrownBy(() -> throttle.check("ann", "10.0.0.9"))
        .isInstanceOfSatisfying(
            ThrottledException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(240));
    assertThatCode(() -> throttle.check("bob", "10.0.0.9")).doesNotThrowAnyException();

    clock.now = clock.now.plusSeconds(240);
    assertThatCode(() -> throttle.check("ann", "10.0.0.9")).doesNotThrowAnyException();
  }

  @Test
  void checkWhenClientReachedLimitThenThrottledForEveryUsername() {
    for (int i = 0; i < 10; i++) {
      throttle.failed("user" + i, "10.9.9.9");
    }
    assertThatThrownBy(() -> throttle.check("someone-else", "10.9.9.9"))
        .isInstanceOf(ThrottledException.class);
    assertThatCode(() -> throttle.check("someone-else", "10.1.1.1")).doesNotThrowAnyException();
  }

  @Test
  void succeededWhenUserHadFailuresThenCounterResets() {
    throttle.failed("ann", "10.0.0.1");
    throttle.failed("ann", "10.0.0.1");
    throttle.succeeded("ann");
    throttle.failed("ann", "10.0.0.1");
    throttle.failed("ann", "10.0.0.1");
    assertThatCode(() -> throttle.check("ann", "10.0.0.1")).doesNotThrowAnyException();
  }
}
