package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import dev.coffer.support.Peers;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole application on PostgreSQL, as a scaled-out deployment runs it. */
class PostgresEndToEndTest extends EndToEndTest {

  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;

  private static final String SCHEMA =
      "coffer_e2e_" + UUID.randomUUID().toString().replace("-", "");

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    registry.add(
        "coffer.test.database-url",
        () -> {
          Peers.requirePostgres();
          JdbcClient.create(
                  new DriverManagerDataSource(Peers.POSTGRES_URL, Peers.POSTGRES_USER, ""))
              .sql("create schema if not exists " + SCHEMA)
              .update();
          return Peers.POSTGRES_URL + "?currentSchema=" + SCHEMA;
        });
    registry.add("spring.datasource.username", () -> Peers.POSTGRES_USER);
    registry.add("spring.datasource.password", () -> "");
  }

  @BeforeAll
  static void needsPostgres() {
    Peers.requirePostgres();
  }

  @Test
  void databaseWhenConfiguredThenPostgres() throws Exception {
    try (var connection = dataSource.getConnection()) {
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
    }
  }

  @Test
  void accountsWhenBackedByPostgresThenWorkEndToEnd() {
    String pg = newUser("pg");
    as(pg).get("/api/v1/me").then().statusCode(200).body("username", equalTo(pg));
    withToken(tokenFor(pg)).get("/api/v1/me").then().statusCode(200);
    asAdmin().delete("/api/v1/users/" + pg).then().statusCode(204);
    as(pg).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void tokenWhenRevokedByAnotherNodeThen401AtOnce() {
    String node = newUser("node");
    String token = tokenFor(node);
    withToken(token).get("/api/v1/me").then().statusCode(200);

    // Another node shares the database: its revocation reaches this one only through it.
    jdbc.sql("delete from api_tokens where token_hash = ?")
        .param(TokenService.hash(token))
        .update();

    withToken(token).get("/api/v1/me").then().statusCode(401);
  }
}
