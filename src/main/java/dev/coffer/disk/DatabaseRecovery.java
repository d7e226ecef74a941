package dev.coffer.disk;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.coffer.web.NoSpace;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Lets the connection pool recover when the embedded database closed itself. H2 closes the whole
 * database when a write fails (a full disk); every pooled connection then answers "The database has
 * been closed" for good, and {@code Connection.isValid} still says true, so Hikari would keep them.
 * This tells Hikari to drop all of them at the first such error; the next connection opens the
 * database again from its file, which holds every committed transaction (writes are not delayed,
 * see application.yaml). A failure for lack of space also turns the {@link DiskGuard} low, which
 * hands the database its reserve.
 *
 * <p>Being a post-processor of the data source, it also makes sure the guard has freed the reserve
 * of a full disk before the database first opens.
 */
@Component
class DatabaseRecovery implements BeanPostProcessor {

  private static final Logger log = LoggerFactory.getLogger(DatabaseRecovery.class);

  /** H2's {@code ErrorCode.DATABASE_IS_CLOSED}. */
  static final int DATABASE_IS_CLOSED = 90098;

  private static final String H2_STORE_FAILURE = "org.h2.mvstore.MVStoreException";

  private final ObjectProvider<DiskGuard> guard;

  DatabaseRecovery(ObjectProvider<DiskGuard> guard) {
    this.guard = guard;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof HikariDataSource pool) {
      DiskGuard disk = guard.getObject();
      pool.setJdbcUrl(writeThrough(pool.getJdbcUrl()));
      pool.setExceptionOverride(new EvictOnClosedDatabase(pool, disk));
    }
    return bean;
  }

  /**
   * An embedded H2 file URL with {@code WRITE_DELAY=0} added when it sets no delay of its own. With
   * H2's default delay a commit is acknowledged before it is written; on a full disk that write
   * fails later, H2 closes the database and the acknowledged transaction is lost.
   */
  static String writeThrough(String url) {
    if (DiskGuard.embeddedDatabaseFile(url) == null
        || url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=")) {
      return url;
    }
    log.info("Adding WRITE_DELAY=0 to the embedded database URL: commits are written at once");
    return url + ";WRITE_DELAY=0";
  }

  /** Whether {@code e} says the embedded database is closed, or its store failed to write. */
  static boolean storeBroken(SQLException e) {
    if (e.getErrorCode() == DATABASE_IS_CLOSED) {
      return true;
    }
    boolean storeFailure = false;
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
      storeFailure |= H2_STORE_FAILURE.equals(t.getClass().getName());
      if (storeFailure && t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private record EvictOnClosedDatabase(HikariDataSource pool, DiskGuard disk)
      implements SQLExceptionOverride {

    @java.lang.Override // a bare Override here is SQLExceptionOverride's enum
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
      if (!storeBroken(e)) {
        return SQLExceptionOverride.Override.CONTINUE_EVICT;
      }
      if (NoSpace.causedBy(e)) {
        disk.noSpace();
      }
      log.warn("The embedded database has closed itself ({}); reconnecting", e.getMessage());
      // Every connection of the pool is on the closed database, not only this one.
      var beans = pool.getHikariPoolMXBean();
      if (beans != null) {
        beans.softEvictConnections();
      }
      return SQLExceptionOverride.Override.MUST_EVICT;
    }
  }
}
