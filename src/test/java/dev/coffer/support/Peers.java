package dev.coffer.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.DriverManager;
import org.junit.jupiter.api.Assumptions;

/**
 * Outside peers that some tests need. A missing peer skips the test with a reason on a developer
 * machine, and fails it when {@code CI=true}, where {@code .ci/run} must have provided it.
 */
public final class Peers {

  public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  public static final String POSTGRES_USER = "postgres";

  private Peers() {}

  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Skips (or, in CI, fails) the calling test unless {@code available}. */
  public static void require(boolean available, String what) {
    if (available) {
      return;
    }
    if (inCi()) {
      fail(what + " is required in CI (CI=true) but is not available");
    }
    Assumptions.abort(what + " is not available; skipping (it is required when CI=true)");
  }

  public static void requirePostgres() {
    require(postgresReachable(), "PostgreSQL at " + POSTGRES_URL);
  }

  private static boolean postgresReachable() {
    try (var connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
      return connection.isValid(2);
    } catch (Exception e) {
      return false;
    }
  }
}
