package dev.coffer.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class LegacyHashUpgradeEndToEndTest extends EndToEndTest {

  @Autowired JdbcClient jdbc;

  @Test
  void signInWhenLegacySha256HashThenSucceedsAndHashIsUpgradedToArgon2id() throws Exception {
    String hex =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest("socket-server-pass".getBytes(StandardCharsets.UTF_8)));
    jdbc.sql(
            "insert into users (username, password_hash, admin, disabled, used_bytes, created_at)"
                + " values (?, ?, false, false, 0, ?)")
        .params("legacy-user", "{SHA-256}" + hex, OffsetDateTime.now(ZoneOffset.UTC))
        .update();

    given()
        .auth()
        .preemptive()
        .basic("legacy-user", "wrong")
        .get("/api/v1/me")
        .then()
        .statusCode(401);
    assertThat(storedHash()).isEqualTo("{SHA-256}" + hex);

    given()
        .auth()
        .preemptive()
        .basic("legacy-user", "socket-server-pass")
        .get("/api/v1/me")
        .then()
        .statusCode(200);

    assertThat(storedHash()).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
    given()
        .auth()
        .preemptive()
        .basic("legacy-user", "socket-server-pass")
        .get("/api/v1/me")
        .then()
        .statusCode(200);
  }

  private String storedHash() {
    return jdbc.sql("select password_hash from users where username = 'legacy-user'")
        .query(String.class)
        .single();
  }
}
