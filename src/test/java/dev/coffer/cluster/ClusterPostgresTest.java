package dev.coffer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.coffer.support.Peers;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Notices and locks as two nodes on one PostgreSQL database see them. */
class ClusterPostgresTest {

  private final String schema = "coffer_cluster_" + UUID.randomUUID().toString().replace("-", "");
  private final String url = Peers.POSTGRES_URL + "?currentSchema=" + schema;
  private JdbcClient jdbc;
  private PostgresNotices notices;
  private AdvisoryLocks nodeA;
  private AdvisoryLocks nodeB;

  @BeforeEach
  void migrate() {
    Peers.requirePostgres();
    DriverManagerDataSource dataSource = new DriverManagerDataSource(url, Peers.POSTGRES_USER, "");
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(schema)
        .locations("classpath:db/migration", "classpath:db/vendor/postgresql")
        .load()
        .migrate();
    jdbc = JdbcClient.create(dataSource);
    jdbc.sql(
            "insert into users (username, password_hash, created_at) values ('ann', 'x', ?),"
                + " ('bob', 'x', ?)")
        .params(OffsetDateTime.now(ZoneOffset.UTC), OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    nodeA = new AdvisoryLocks(url, Peers.POSTGRES_USER, "");
    nodeB = new AdvisoryLocks(url, Peers.POSTGRES_USER, "");
  }

  @AfterEach
  void drop() {
    if (notices != null) {
      notices.stop();
    }
    if (nodeA != null) {
      nodeA.close();
      nodeB.close();
    }
    if (jdbc != null) {
      jdbc.sql("drop schema " + schema + " cascade").update();
    }
  }

  @Test
  void catchUpWhenAccountChangedBySqlThenSubscribersHearWhoseAndUsageUpdatesStaySilent() {
    notices = new PostgresNotices(url, Peers.POSTGRES_USER, "");
    List<String> heard = new CopyOnWriteArrayList<>();
    notices.subscribe(heard::add);
    notices.start();
    assertThat(notices.catchUp()).isTrue();
    heard.clear();

    jdbc.sql("update users set used_bytes = 5 where username = 'bob'").update();
    jdbc.sql("update users set disabled = true where username = 'ann'").update();

    await().until(() -> notices.catchUp() && !heard.isEmpty());
    assertThat(heard).containsExactly("ann");
  }

  @Test
  void catchUpWhenChangeCommittedThenReadsItWithoutTheBackgroundThread() {
    notices = new PostgresNotices(url, Peers.POSTGRES_USER, "");
    List<String> heard = new CopyOnWriteArrayList<>();
    notices.subscribe(heard::add);
    notices.connect(); // no background thread: only catchUp takes notices in
    heard.clear();

    jdbc.sql("delete from api_tokens where username = 'bob'").update();
    jdbc.sql("update users set password_hash = 'y' where username = 'bob'").update();

    // Awaitility's default wait (10 s): two seconds could run out on a loaded machine
    await().until(() -> notices.catchUp() && !heard.isEmpty());
    assertThat(heard).containsExactly("bob");
  }

  @Test
  void catchUpWhenConnectionLostThenFalseAndSubscribersToldToForgetEverything() {
    notices = new PostgresNotices(url, Peers.POSTGRES_USER, "");
    List<String> heard = new CopyOnWriteArrayList<>();
    notices.subscribe(name -> heard.add(String.valueOf(name)));
    notices.start();
    heard.clear();

    jdbc.sql(
            "select pg_terminate_backend(pid) from pg_stat_activity"
                + " where query = 'listen "
                + Notices.ACCOUNTS
                + "'")
        .query(Boolean.class)
        .list();

    await().until(() -> heard.contains("null"));
    assertThat(notices.catchUp()).isFalse();
  }

  @Test
  void lockWhenHeldByOneNodeThenOtherNodeWaitsUntilReleased() {
    SharedLocks pathsOnA = nodeA.named("path");
    SharedLocks pathsOnB = nodeB.named("path");
    Lock onA = pathsOnA.of("ann/report.pdf");
    onA.lock();

    assertThat(pathsOnB.of("ann/report.pdf").tryLock()).isFalse();
    Lock other = pathsOnB.of("ann/other.pdf");
    assertThat(other.tryLock()).isTrue();
    other.unlock();
    Lock sameKeyOtherNamespace = nodeB.named("folder").of("ann/report.pdf");
    assertThat(sameKeyOtherNamespace.tryLock()).isTrue();
    sameKeyOtherNamespace.unlock();

    onA.unlock();
    Lock onB = pathsOnB.of("ann/report.pdf");
    assertThatCode(onB::lock).doesNotThrowAnyException();
    assertThat(pathsOnA.of("ann/report.pdf").tryLock()).isFalse();
    onB.unlock();
  }

  @Test
  void lockWhenHoldingNodeDiesThenDatabaseReleasesIt() {
    Lock onA = nodeA.named("path").of("ann/x");
    onA.lock();
    assertThat(nodeB.named("path").of("ann/x").tryLock()).isFalse();

    nodeA.close(); // the node's connection drops, as when its process is killed

    // The server ends the session (and its locks) as soon as it sees the connection gone.
    Lock onB = nodeB.named("path").of("ann/x");
    await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(onB::tryLock);
    onB.unlock();
  }
}
