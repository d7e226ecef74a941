package dev.coffer.disk;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.coffer.CofferProperties;
import dev.coffer.web.NoSpace;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

/**
 * The embedded database on a disk filled from outside, below the web layer: H2 closes itself at the
 * first write that fails, and the pool must come back with every acknowledged row.
 */
class DatabaseRecoveryTest {

  private static SmallDisk disk;

  @BeforeAll
  static void mount() throws Exception {
    disk = SmallDisk.mount(32);
  }

  @AfterAll
  static void unmount() throws Exception {
    if (disk != null) {
      disk.close();
    }
  }

  @AfterEach
  void free() throws Exception {
    disk.free();
  }

  @Test
  void poolWhenFullDiskClosedTheDatabaseThenReconnectsWithEveryAcknowledgedRow() throws Exception {
    Path storage = disk.root().resolve("recovery");
    String url = "jdbc:h2:file:" + storage + "/db/coffer;WRITE_DELAY=0";
    DiskGuard guard =
        new DiskGuard(
            new CofferProperties(storage),
            new DiskProperties(DataSize.ofMegabytes(2), DataSize.ofMegabytes(1)),
            url);
    try (HikariDataSource pool = pool(url, guard)) {
      JdbcClient jdbc = JdbcClient.create(pool);
      jdbc.sql("create table t (id int primary key, v varchar(1000))").update();
      assertThat(guard.reserveFile()).hasSize(DataSize.ofMegabytes(2).toBytes());
      int acknowledged = 0;
      for (; acknowledged < 50; acknowledged++) {
        jdbc.sql("insert into t values (?, 'before')").param(acknowledged).update();
      }

      disk.fill();
      DataAccessException failure = null;
      // Each commit is written before it returns; the file must grow, so one soon fails.
      while (failure == null && acknowledged < 100_000) {
        try {
          jdbc.sql("insert into t values (?, 'while full')").param(acknowledged).update();
          acknowledged++;
        } catch (DataAccessException e) {
          failure = e;
        }
      }

      assertThat(failure).isNotNull();
      assertThat(NoSpace.causedBy(failure)).as("failure names the full disk").isTrue();
      assertThat(guard.reserveFile()).as("reserve handed to the database").doesNotExist();
      assertThat(guard.hasRoom()).isFalse();
      // Still on the full disk: the pool reconnects, and the file holds every acknowledged row.
      assertThat(jdbc.sql("select count(*) from t").query(Integer.class).single())
          .isEqualTo(acknowledged);
      assertThat(jdbc.sql("delete from t where id = 0").update()).isEqualTo(1);

      disk.free();
      assertThat(guard.hasRoom()).isTrue();
      assertThat(guard.reserveFile()).hasSize(DataSize.ofMegabytes(2).toBytes());
      jdbc.sql("insert into t values (-1, 'after')").update();
      assertThat(jdbc.sql("select count(*) from t").query(Integer.class).single())
          .isEqualTo(acknowledged);
    }
  }

  private static HikariDataSource pool(String url, DiskGuard guard) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setUsername("sa");
    pool.setPassword("");
    pool.setMaximumPoolSize(4);
    new DatabaseRecovery(
            new StaticListableBeanFactory(Map.of("guard", guard)).getBeanProvider(DiskGuard.class))
        .postProcessBeforeInitialization(pool, "dataSource");
    return pool;
  }
}
