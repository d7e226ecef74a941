package dev.coffer.account;

import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import dev.coffer.support.Peers;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole application on PostgreSQL, as a scaled-out deployment runs it. */
class PostgresEndToEndTest extends EndToEndTest {

  private static final String SCHEMA =
      "coffer_e2e_" + UUID.randomUUID().toString().replace("-", "");

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.datasource.url",
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
  void accountsWhenBackedByPostgresThenWorkEndToEnd() {
    String pg = newUser("pg");
    as(pg).get("/api/v1/me").then().statusCode(200).body("username", equalTo(pg));
    withToken(tokenFor(pg)).get("/api/v1/me").then().statusCode(200);
    asAdmin().delete("/api/v1/users/" + pg).then().statusCode(204);
    as(pg).get("/api/v1/me").then().statusCode(401);
  }
}
