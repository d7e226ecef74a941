package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.cluster.Notices;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.util.unit.DataSize;

class TokenCacheTest {

  private static final TokenRepository.Owner ANN =
      new TokenRepository.Owner("ann", false, false, null);

  @Test
  void findWhenCachedThenLooksUpOnce() {
    TokenCache cache = new TokenCache(true);
    AtomicInteger lookups = new AtomicInteger();

    for (int i = 0; i < 3; i++) {
      assertThat(cache.find("h", h -> count(lookups, Optional.of(ANN)))).contains(ANN);
    }

    assertThat(lookups).hasValue(1);
  }

  @Test
  void findWhenTokenUnknownThenMissIsNotKept() {
    TokenCache cache = new TokenCache(true);
    AtomicInteger lookups = new AtomicInteger();

    cache.find("h", h -> count(lookups, Optional.empty()));
    assertThat(cache.find("h", h -> count(lookups, Optional.of(ANN)))).contains(ANN);

    assertThat(lookups).hasValue(2);
  }

  @Test
  void invalidateThenNextFindLooksUpAgain() {
    TokenCache cache = new TokenCache(true);
    cache.find("h", h -> Optional.of(ANN));

    cache.invalidate();

    TokenRepository.Owner disabled = new TokenRepository.Owner("ann", false, true, null);
    assertThat(cache.find("h", h -> Optional.of(disabled))).contains(disabled);
  }

  @Test
  void findWhenInvalidatedDuringLookupThenStaleResultIsNotKept() {
    TokenCache cache = new TokenCache(true);
    // The lookup read the row, then a change committed and invalidated before the result was put.
    cache.find(
        "h",
        h -> {
          cache.invalidate();
          return Optional.of(ANN);
        });

    AtomicInteger lookups = new AtomicInteger();
    cache.find("h", h -> count(lookups, Optional.empty()));
    assertThat(lookups).hasValue(1);
  }

  /** Notices as a test drives them: whether the node can hear changes, and a change arriving. */
  private static final class FakeNotices implements Notices {
    final List<Consumer<String>> subscribers = new ArrayList<>();
    boolean listening = true;

    @Override
    public void subscribe(Consumer<String> onChange) {
      subscribers.add(onChange);
    }

    @Override
    public boolean catchUp() {
      return listening;
    }

    void changed(String username) {
      subscribers.forEach(s -> s.accept(username));
    }
  }

  @Test
  void findWhenAnotherNodeChangedAnAccountThenLooksUpAgain() {
    FakeNotices notices = new FakeNotices();
    TokenCache cache = new TokenCache(true, notices);
    AtomicInteger lookups = new AtomicInteger();
    cache.find("h", h -> count(lookups, Optional.of(ANN)));
    cache.find("h", h -> count(lookups, Optional.of(ANN)));

    notices.changed("ann");

    cache.find("h", h -> count(lookups, Optional.of(ANN)));
    assertThat(lookups).hasValue(2);
  }

  @Test
  void findWhenNodeCannotHearChangesThenLooksUpEveryTime() {
    FakeNotices notices = new FakeNotices();
    TokenCache cache = new TokenCache(true, notices);
    AtomicInteger lookups = new AtomicInteger();
    cache.find("h", h -> count(lookups, Optional.of(ANN)));

    notices.listening = false;
    cache.find("h", h -> count(lookups, Optional.of(ANN)));
    cache.find("h", h -> count(lookups, Optional.of(ANN)));

    assertThat(lookups).hasValue(3);
  }

  @Test
  void findWhenDisabledThenAlwaysLooksUp() {
    TokenCache cache = new TokenCache(false);
    AtomicInteger lookups = new AtomicInteger();

    cache.find("h", h -> count(lookups, Optional.of(ANN)));
    cache.find("h", h -> count(lookups, Optional.of(ANN)));

    assertThat(lookups).hasValue(2);
  }

  @ParameterizedTest
  @CsvSource({
    "AUTO, jdbc:h2:file:./storage/db/coffer;MODE=PostgreSQL, true",
    "AUTO, jdbc:h2:mem:x;DB_CLOSE_DELAY=-1, true",
    "AUTO, JDBC:H2:./db/coffer, true",
    "AUTO, jdbc:h2:tcp://db:9092/coffer, false",
    "AUTO, jdbc:h2:ssl://db/coffer, false",
    "AUTO, jdbc:h2:file:/data/coffer;AUTO_SERVER=TRUE, false",
    "AUTO, jdbc:h2:file:/data/coffer;FILE_LOCK=NO, false",
    "AUTO, jdbc:postgresql://db:5432/coffer, true",
    "AUTO, jdbc:mysql://db:3306/coffer, false",
    "AUTO, '', false",
    "ON, jdbc:postgresql://db:5432/coffer, true",
    "OFF, jdbc:h2:mem:x, false"
  })
  void enabledByDefaultForEmbeddedH2AndPostgres(TokenCache.Mode mode, String url, boolean enabled) {
    assertThat(TokenCache.enabled(mode, url)).isEqualTo(enabled);
  }

  @Test
  void authenticateWhenCachedTokenExpiresThenRejectedWithoutNewLookup() {
    JdbcClient jdbc = AccountPersistenceTest.migrated("h2");
    new UserRepository(jdbc)
        .insert(
            new User(
                "ann",
                "{argon2}x",
                false,
                false,
                null,
                0,
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS)));
    MutableClock clock = new MutableClock(Instant.now());
    TokenService tokens =
        new TokenService(new TokenRepository(jdbc), new TokenCache(true), properties(), clock);
    String secret = tokens.create("ann", "laptop", 1).secret();

    assertThat(owner(tokens.authenticate(secret))).isEqualTo("ann");
    jdbc.sql("delete from api_tokens").update(); // unseen: the entry is cached
    assertThat(owner(tokens.authenticate(secret))).isEqualTo("ann");

    clock.now = clock.now.plus(1, ChronoUnit.DAYS);
    assertThatThrownBy(() -> tokens.authenticate(secret))
        .isInstanceOf(BadCredentialsException.class);
  }

  private static String owner(org.springframework.security.core.Authentication authentication) {
    return ((dev.coffer.security.CofferPrincipal) authentication.getPrincipal()).username();
  }

  private static AccountProperties properties() {
    return new AccountProperties(
        "admin",
        null,
        (DataSize) null,
        java.time.Duration.ofMinutes(5),
        5,
        50,
        java.time.Duration.ofMinutes(5),
        0,
        3650,
        TokenCache.Mode.AUTO);
  }

  private static <T> T count(AtomicInteger counter, T value) {
    counter.incrementAndGet();
    return value;
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
