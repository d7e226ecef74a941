package dev.coffer.account;

import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each user's quota and bytes in use, kept in the database so that every node sees the same
 * figures. Reservations are single atomic updates, so concurrent uploads cannot overshoot a quota.
 */
@Component
public class UsageLedger {

  private final JdbcClient jdbc;

  UsageLedger(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The user's quota in bytes, or empty when unlimited. */
  public OptionalLong quota(String username) {
    Long quota =
        jdbc.sql("select quota_bytes from users where username = ?")
            .param(username)
            .query(Long.class)
            .optional()
            .orElse(null);
    return quota == null ? OptionalLong.empty() : OptionalLong.of(quota);
  }

  public long used(String username) {
    return jdbc.sql("select used_bytes from users where username = ?")
        .param(username)
        .query(Long.class)
        .optional()
        .orElse(0L);
  }

  /**
   * Adds {@code bytes} to the user's usage if it stays within the quota.
   *
   * @return false, changing nothing, when the quota would be exceeded
   */
  public boolean tryReserve(String username, long bytes) {
    if (bytes <= 0) {
      return true;
    }
    return jdbc.sql(
                "update users set used_bytes = used_bytes + :bytes where username = :username"
                    + " and (quota_bytes is null or used_bytes + :bytes <= quota_bytes)")
            .param("bytes", bytes)
            .param("username", username)
            .update()
        == 1;
  }

  /** Gives bytes back (never below zero). */
  public void release(String username, long bytes) {
    if (bytes <= 0) {
      return;
    }
    jdbc.sql(
            "update users set used_bytes = case when used_bytes > :bytes then used_bytes - :bytes"
                + " else 0 end where username = :username")
        .param("bytes", bytes)
        .param("username", username)
        .update();
  }

  /** Every account's name, for reconciling usage with what storage holds. */
  public java.util.List<String> usernames() {
    return jdbc.sql("select username from users order by username").query(String.class).list();
  }

  /** Sets the usage to a measured figure, for reconciliation with what storage holds. */
  public void set(String username, long bytes) {
    jdbc.sql("update users set used_bytes = ? where username = ?")
        .params(Math.max(0, bytes), username)
        .update();
  }
}
