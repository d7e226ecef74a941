package dev.coffer.support;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base for end-to-end tests: the whole application on a random port with its own storage folder and
 * database, reached over real HTTP through the real filter chain. Subclasses that need no special
 * settings share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(
    properties = {
      "coffer.accounts.admin-password=" + EndToEndTest.ADMIN_PASSWORD,
      "coffer.accounts.max-failures-per-client=1000000",
      "coffer.security.metrics-scrape-token=" + EndToEndTest.SCRAPE_TOKEN
    })
public abstract class EndToEndTest {

  public static final String ADMIN = "admin";
  public static final String ADMIN_PASSWORD = "admin-password-for-tests";
  public static final String SCRAPE_TOKEN = "scrape-token-for-tests";
  protected static final Path STORAGE = tempDir();
  private static final AtomicInteger USERS = new AtomicInteger();

  @LocalServerPort protected int port;

  @DynamicPropertySource
  static void cofferProperties(DynamicPropertyRegistry registry) {
    String db = "coffer-" + UUID.randomUUID();
    registry.add("coffer.storage-dir", STORAGE::toString);
    // A subclass's own spring.datasource.url would lose to this one: it sets
    // coffer.test.database-url instead, which this placeholder prefers.
    registry.add(
        "spring.datasource.url",
        () ->
            "${coffer.test.database-url:jdbc:h2:mem:"
                + db
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1}");
  }

  @BeforeEach
  void pointRestAssuredAtServer() {
    RestAssured.port = port;
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  protected RequestSpecification asAdmin() {
    return given().auth().preemptive().basic(ADMIN, ADMIN_PASSWORD);
  }

  protected RequestSpecification as(String username) {
    return given().auth().preemptive().basic(username, passwordOf(username));
  }

  protected RequestSpecification withToken(String token) {
    return given().header("Authorization", "Bearer " + token);
  }

  /** Creates a fresh user (name derived from {@code prefix}) whose password is passwordOf(name). */
  protected String newUser(String prefix) {
    String username = prefix + "-" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100000;
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("username", username, "password", passwordOf(username)))
        .post("/api/v1/users")
        .then()
        .statusCode(201);
    return username;
  }

  /** Creates a bearer token for the user and returns its secret. */
  protected String tokenFor(String username) {
    return as(username)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "test"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(201)
        .extract()
        .path("token");
  }

  public static String passwordOf(String username) {
    return "pw-" + username + "-secret";
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("coffer-e2e-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
