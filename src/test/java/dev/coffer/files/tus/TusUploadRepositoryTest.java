package dev.coffer.files.tus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.files.storage.StoragePath;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The upload state's SQL on both databases Coffer runs on: the embedded H2 (PostgreSQL mode) and
 * PostgreSQL 15 at 127.0.0.1:5432 (database {@code test}; skipped when absent, a failure with
 * {@code CI=true}). Each run migrates a fresh schema, so it shares the server with anyone.
 */
class TusUploadRepositoryTest {

  private static final OffsetDateTime NOW =
      OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void uploadStateMovesOnlyForwardAndCommitsOnce(String database) throws Exception {
    String schema = "tus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    DataSource dataSource = dataSource(database, schema);
    boolean postgres = database.equals("postgresql");
    // H2: a fresh in-memory database; PostgreSQL: a fresh schema in the shared one.
    (postgres ? Flyway.configure().schemas(schema) : Flyway.configure())
        .dataSource(dataSource)
        .load()
        .migrate();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    try {
      TusUploadRepository uploads = new TusUploadRepository(jdbc);
      uploads.insert(upload("u1", "alice", 100, NOW.plusHours(1)));
      uploads.insert(upload("u2", "alice", 10, NOW.minusMinutes(1)));

      TusUpload u1 = uploads.find("u1").orElseThrow();
      assertThat(u1.path()).isEqualTo(StoragePath.parse("docs/café.bin"));
      assertThat(u1.metadata()).isEqualTo("path ZG9jcy9jYWbDqS5iaW4=");
      assertThat(u1.createdAt().toInstant()).isEqualTo(NOW.toInstant());
      assertThat(uploads.countByOwner("alice")).isEqualTo(2);

      uploads.setChecksumPending("u1", true);
      assertThat(uploads.find("u1").orElseThrow().checksumPending()).isTrue();
      assertThat(uploads.advance("u1", 60, NOW.plusHours(2))).isTrue();
      assertThat(uploads.advance("u1", 40, NOW.plusHours(2))).isTrue();
      u1 = uploads.find("u1").orElseThrow();
      assertThat(u1.offset()).isEqualTo(60);
      assertThat(u1.checksumPending()).isFalse();
      assertThat(uploads.advance("nope", 1, NOW)).isFalse();

      assertThat(uploads.claimCommit("u1", NOW, NOW.minusMinutes(10))).as("incomplete").isFalse();
      uploads.advance("u1", 100, NOW.plusHours(2));
      assertThat(uploads.claimCommit("u1", NOW, NOW.minusMinutes(10))).isTrue();
      assertThat(uploads.claimCommit("u1", NOW, NOW.minusMinutes(10))).isFalse();
      assertThat(uploads.claimCommit("u1", NOW.plusMinutes(11), NOW.plusMinutes(1)))
          .as("a stale claim is taken over")
          .isTrue();
      uploads.markCommitted("u1", NOW);
      assertThat(uploads.claimCommit("u1", NOW.plusHours(1), NOW.plusHours(1))).isFalse();
      assertThat(uploads.countByOwner("alice")).isEqualTo(1);

      assertThat(uploads.findExpired(NOW, NOW.minusMinutes(10), 10))
          .extracting(TusUpload::id)
          .containsExactly("u2");
      assertThat(uploads.findExpired(NOW.plusHours(3), NOW.minusMinutes(10), 10))
          .extracting(TusUpload::id)
          .containsExactly("u2", "u1");
      assertThat(uploads.findByOwner("alice")).hasSize(2);
      uploads.resetOffset("u2", 3);
      assertThat(uploads.find("u2").orElseThrow().offset()).isEqualTo(3);
      assertThat(uploads.delete("u2")).isTrue();
      assertThat(uploads.delete("u2")).isFalse();
      assertThat(uploads.find("u2")).isEmpty();
    } finally {
      if (postgres) {
        jdbc.sql("drop schema " + schema + " cascade").update();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void uploadWhenStoredBeforeTheNameRuleThenReadableUnderAReachableName(String database)
      throws Exception {
    String schema = "tus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    DataSource dataSource = dataSource(database, schema);
    boolean postgres = database.equals("postgresql");
    (postgres ? Flyway.configure().schemas(schema) : Flyway.configure())
        .dataSource(dataSource)
        .load()
        .migrate();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    try {
      TusUploadRepository uploads = new TusUploadRepository(jdbc);
      uploads.insert(upload("old", "alice", 10, NOW.minusMinutes(1)));
      jdbc.sql("update tus_uploads set target_path = 'docs/100%;done.txt' where id = 'old'")
          .update();

      assertThat(uploads.find("old").orElseThrow().path())
          .isEqualTo(StoragePath.parse("docs/100__done.txt"));
      assertThat(uploads.findExpired(NOW, NOW.minusMinutes(10), 10))
          .extracting(TusUpload::id)
          .containsExactly("old");
    } finally {
      if (postgres) {
        jdbc.sql("drop schema " + schema + " cascade").update();
      }
    }
  }

  private static TusUpload upload(String id, String owner, long length, OffsetDateTime expires) {
    return new TusUpload(
        id,
        owner,
        StoragePath.parse("docs/café.bin"),
        true,
        length,
        0,
        "path ZG9jcy9jYWbDqS5iaW4=",
        false,
        null,
        null,
        NOW,
        expires);
  }

  private static DataSource dataSource(String database, String schema) {
    if (database.equals("h2")) {
      return new DriverManagerDataSource(
          "jdbc:h2:mem:" + schema + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
          "sa",
          "");
    }
    DriverManagerDataSource postgres =
        new DriverManagerDataSource(
            "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema, "postgres", "");
    try (Connection ignored = postgres.getConnection()) {
      return postgres;
    } catch (SQLException e) {
      boolean ci = "true".equals(System.getenv("CI"));
      Assumptions.assumeTrue(
          ci, "PostgreSQL at 127.0.0.1:5432 (database test) is not reachable: " + e.getMessage());
      throw new AssertionError("PostgreSQL is required when CI=true", e);
    }
  }
}
