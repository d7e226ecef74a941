package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.crypto.primitive.SecretBytes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The key schema and queries on a real PostgreSQL 15 (127.0.0.1:5432, database {@code test}), in a
 * schema of its own that is dropped afterwards. Skips when PostgreSQL is not there, except under
 * {@code CI=true}.
 */
class KeyRepositoryPostgresTest {

  private final String schema = "crypto_" + UUID.randomUUID().toString().replace("-", "");
  private DriverManagerDataSource dataSource;

  @BeforeEach
  void migrate() {
    dataSource =
        new DriverManagerDataSource(
            "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema, "postgres", "");
    try (Connection ignored = dataSource.getConnection()) {
      // reachable
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(
            "CI=true but PostgreSQL at 127.0.0.1:5432 is not reachable", e);
      }
      Assumptions.abort("PostgreSQL at 127.0.0.1:5432 (database test) is not reachable");
    }
    Flyway.configure().dataSource(dataSource).schemas(schema).load().migrate();
  }

  @AfterEach
  void dropSchema() {
    if (dataSource != null) {
      try {
        JdbcClient.create(dataSource).sql("drop schema if exists " + schema + " cascade").update();
      } catch (RuntimeException e) {
        // the database went away: nothing to clean
      }
    }
  }

  @Test
  void keyLifeCycleWhenOnPostgresThenSameBehaviourAsEmbedded() throws Exception {
    KeyRepository repository = new KeyRepository(JdbcClient.create(dataSource));
    MasterKey master = new MasterKey(SecretBytes.random(32), "test");
    CryptoConfig.checkFingerprint(master, repository);
    KeyService keys =
        new KeyService(
            repository,
            master,
            new CryptoProperties(null, 10, 10, Duration.ofMinutes(1)),
            Clock.systemUTC());
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

    StoredKey created = tx.execute(s -> keys.create("alice", "k", "fernet", true, false));
    assertThat(created.versions()).hasSize(1);
    assertThatThrownBy(() -> tx.execute(s -> keys.create("alice", "k", null, false, false)))
        .isInstanceOf(CryptoProblem.class)
        .hasMessageContaining("already exists");
    StoredKey rotated = tx.execute(s -> keys.rotate("alice", "k"));
    assertThat(rotated.latestVersion()).isEqualTo(2);
    assertThat(keys.export("alice", "k", "all")).containsOnlyKeys("1", "2");
    assertThat(keys.list("bob")).isEmpty();
    assertThat(keys.list("alice")).extracting(StoredKey::name).containsExactly("k");
    tx.executeWithoutResult(
        s -> keys.update("alice", "k", new KeyService.KeyPatch(2, 0, true, null)));
    tx.executeWithoutResult(s -> keys.delete("alice", "k"));
    assertThat(keys.list("alice")).isEmpty();
  }
}
