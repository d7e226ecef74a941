package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.support.Peers;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The account repositories against the real databases: embedded H2 and PostgreSQL. */
class AccountPersistenceTest {

  static Stream<String> databases() {
    return Stream.of("h2", "postgresql");
  }

  static JdbcClient migrated(String database) {
    DataSource dataSource;
    if (database.equals("h2")) {
      dataSource =
          new DriverManagerDataSource(
              "jdbc:h2:mem:"
                  + UUID.randomUUID()
                  + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
              "sa",
              "");
    } else {
      Peers.requirePostgres();
      String schema = "coffer_test_" + UUID.randomUUID().toString().replace("-", "");
      JdbcClient.create(new DriverManagerDataSource(Peers.POSTGRES_URL, Peers.POSTGRES_USER, ""))
          .sql("create schema " + schema)
          .update();
      dataSource =
          new DriverManagerDataSource(
              Peers.POSTGRES_URL + "?currentSchema=" + schema, Peers.POSTGRES_USER, "");
    }
    Flyway.configure().dataSource(dataSource).load().migrate();
    return JdbcClient.create(dataSource);
  }

  private static User user(String name, Long quota) {
    return new User(
        name,
        "{argon2}hash",
        false,
        false,
        quota,
        0,
        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void usersWhenInsertedThenFoundUpdatedAndDeleted(String database) {
    UserRepository users = new UserRepository(migrated(database));
    User ann = user("ann", 1000L);
    users.insert(ann);

    assertThat(users.find("ann")).contains(ann);
    assertThatThrownBy(() -> users.insert(user("ann", null)))
        .isInstanceOf(DuplicateKeyException.class);

    users.update(new User("ann", "{argon2}new", true, true, null, 0, ann.createdAt()));
    User changed = users.find("ann").orElseThrow();
    assertThat(changed.admin()).isTrue();
    assertThat(changed.disabled()).isTrue();
    assertThat(changed.quotaBytes()).isNull();
    assertThat(users.anyAdmin()).isTrue();
    assertThat(users.countActiveAdmins()).isZero();

    assertThat(users.replaceHash("ann", "{argon2}stale", "{argon2}x")).isFalse();
    assertThat(users.replaceHash("ann", "{argon2}new", "{argon2}x")).isTrue();
    assertThat(users.find("ann").orElseThrow().passwordHash()).isEqualTo("{argon2}x");

    assertThat(users.delete("ann")).isTrue();
    assertThat(users.find("ann")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void tokensWhenUserDeletedThenCascadeAndExpiredAreSwept(String database) {
    JdbcClient jdbc = migrated(database);
    UserRepository users = new UserRepository(jdbc);
    TokenRepository tokens = new TokenRepository(jdbc);
    users.insert(user("bob", null));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    tokens.insert(new ApiToken("t1", "bob", "live", "h1", now, null));
    tokens.insert(new ApiToken("t2", "bob", "old", "h2", now, now.minusDays(1)));

    assertThat(tokens.findByHash("h1")).map(ApiToken::name).contains("live");
    assertThat(tokens.findOwner("h1"))
        .contains(new TokenRepository.Owner("bob", false, false, null));
    assertThat(tokens.findOwner("nope")).isEmpty();
    assertThat(tokens.deleteExpired(now)).isEqualTo(1);
    assertThat(tokens.findByUser("bob")).extracting(ApiToken::id).containsExactly("t1");
    assertThat(tokens.delete("someone-else", "t1")).isFalse();

    users.delete("bob");
    assertThat(tokens.findByHash("h1")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void usageWhenReservingThenQuotaIsNeverExceeded(String database) {
    JdbcClient jdbc = migrated(database);
    new UserRepository(jdbc).insert(user("cid", 100L));
    UsageLedger ledger = new UsageLedger(jdbc);

    assertThat(ledger.tryReserve("cid", 60)).isTrue();
    assertThat(ledger.tryReserve("cid", 50)).isFalse();
    assertThat(ledger.used("cid")).isEqualTo(60);
    assertThat(ledger.tryReserve("cid", 40)).isTrue();
    ledger.release("cid", 500);
    assertThat(ledger.used("cid")).isZero();
    assertThat(ledger.quota("cid")).hasValue(100);
  }
}
