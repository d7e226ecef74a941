package dev.coffer.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users in the database: plain SQL that runs on H2 and PostgreSQL alike. */
@Repository
class UserRepository {

  private static final String COLUMNS =
      "username, password_hash, admin, disabled, quota_bytes, used_bytes, created_at";

  private final JdbcClient jdbc;

  UserRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<User> find(String username) {
    return jdbc.sql("select " + COLUMNS + " from users where username = ?")
        .param(username)
        .query(UserRepository::map)
        .optional();
  }

  List<User> findAll() {
    return jdbc.sql("select " + COLUMNS + " from users order by username")
        .query(UserRepository::map)
        .list();
  }

  boolean anyAdmin() {
    return jdbc.sql("select count(*) from users where admin = true").query(Long.class).single() > 0;
  }

  long countActiveAdmins() {
    return jdbc.sql("select count(*) from users where admin = true and disabled = false")
        .query(Long.class)
        .single();
  }

  /** Inserts a new user; the primary key rejects a duplicate name. */
  void insert(User user) {
    jdbc.sql(
            "insert into users ("
                + COLUMNS
                + ") values (:username, :hash, :admin, :disabled, :quota, :used, :created)")
        .param("username", user.username())
        .param("hash", user.passwordHash())
        .param("admin", user.admin())
        .param("disabled", user.disabled())
        .param("quota", user.quotaBytes())
        .param("used", user.usedBytes())
        .param("created", user.createdAt())
        .update();
  }

  void update(User user) {
    jdbc.sql(
            "update users set password_hash = :hash, admin = :admin, disabled = :disabled,"
                + " quota_bytes = :quota where username = :username")
        .param("username", user.username())
        .param("hash", user.passwordHash())
        .param("admin", user.admin())
        .param("disabled", user.disabled())
        .param("quota", user.quotaBytes())
        .update();
  }

  /** Replaces a hash only if it is still the one the caller verified (no lost update). */
  boolean replaceHash(String username, String expectedHash, String newHash) {
    return jdbc.sql("update users set password_hash = ? where username = ? and password_hash = ?")
            .params(newHash, username, expectedHash)
            .update()
        == 1;
  }

  boolean delete(String username) {
    return jdbc.sql("delete from users where username = ?").param(username).update() == 1;
  }

  private static User map(ResultSet rs, int row) throws SQLException {
    long quota = rs.getLong("quota_bytes");
    Long quotaBytes = rs.wasNull() ? null : quota;
    return new User(
        rs.getString("username"),
        rs.getString("password_hash"),
        rs.getBoolean("admin"),
        rs.getBoolean("disabled"),
        quotaBytes,
        rs.getLong("used_bytes"),
        rs.getObject("created_at", OffsetDateTime.class));
  }
}
