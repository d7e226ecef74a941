package dev.coffer.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Bearer tokens in the database, found by the hash of their secret. */
@Repository
class TokenRepository {

  private static final String COLUMNS = "id, username, name, token_hash, created_at, expires_at";

  private final JdbcClient jdbc;

  TokenRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(ApiToken token) {
    jdbc.sql(
            "insert into api_tokens ("
                + COLUMNS
                + ") values (:id, :username, :name, :hash, :created, :expires)")
        .param("id", token.id())
        .param("username", token.username())
        .param("name", token.name())
        .param("hash", token.tokenHash())
        .param("created", token.createdAt())
        .param("expires", token.expiresAt())
        .update();
  }

  Optional<ApiToken> findByHash(String tokenHash) {
    return jdbc.sql("select " + COLUMNS + " from api_tokens where token_hash = ?")
        .param(tokenHash)
        .query(TokenRepository::map)
        .optional();
  }

  /** What a bearer request needs, in one query: the token's owner, expiry and account state. */
  record Owner(String username, boolean admin, boolean disabled, OffsetDateTime expiresAt) {}

  Optional<Owner> findOwner(String tokenHash) {
    return jdbc.sql(
            "select u.username, u.admin, u.disabled, t.expires_at from api_tokens t"
                + " join users u on u.username = t.username where t.token_hash = ?")
        .param(tokenHash)
        .query(
            (rs, row) ->
                new Owner(
                    rs.getString(1),
                    rs.getBoolean(2),
                    rs.getBoolean(3),
                    rs.getObject(4, OffsetDateTime.class)))
        .optional();
  }

  List<ApiToken> findByUser(String username) {
    return jdbc.sql("select " + COLUMNS + " from api_tokens where username = ? order by created_at")
        .param(username)
        .query(TokenRepository::map)
        .list();
  }

  boolean delete(String username, String id) {
    return jdbc.sql("delete from api_tokens where username = ? and id = ?")
            .params(username, id)
            .update()
        == 1;
  }

  boolean deleteByHash(String tokenHash) {
    return jdbc.sql("delete from api_tokens where token_hash = ?").param(tokenHash).update() == 1;
  }

  int deleteExpired(OffsetDateTime now) {
    return jdbc.sql("delete from api_tokens where expires_at is not null and expires_at <= ?")
        .param(now)
        .update();
  }

  private static ApiToken map(ResultSet rs, int row) throws SQLException {
    return new ApiToken(
        rs.getString("id"),
        rs.getString("username"),
        rs.getString("name"),
        rs.getString("token_hash"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("expires_at", OffsetDateTime.class));
  }
}
