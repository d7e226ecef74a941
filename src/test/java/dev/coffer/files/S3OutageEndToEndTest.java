package dev.coffer.files;

import static org.hamcrest.Matchers.equalTo;

import dev.coffer.support.EndToEndTest;
import dev.coffer.support.S3Backend;
import dev.coffer.support.S3ProxyProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The S3 server goes away under a running node: requests that need it fail fast with a 503 problem
 * the client may retry, never a 500, and nothing half-written appears when it is back.
 */
class S3OutageEndToEndTest extends EndToEndTest {

  private static S3ProxyProcess s3;

  @DynamicPropertySource
  static void s3(DynamicPropertyRegistry registry) {
    s3 = S3ProxyProcess.start();
    S3Backend.register(registry, s3);
    registry.add("coffer.storage.s3.connect-timeout", () -> "1s");
    registry.add("coffer.storage.s3.api-call-timeout", () -> "10s");
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void requestsWhenS3IsDownThen503ProblemsAndNoPartialObject() {
    String alice = newUser("outage");
    as(alice).body("kept").put("/api/v1/files/kept.txt").then().statusCode(201);
    s3.stop();
    as(alice)
        .body(new byte[6 * 1024 * 1024])
        .put("/api/v1/files/big.bin")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", "5")
        .body("code", equalTo("storage-unavailable"));
    as(alice)
        .get("/api/v1/files/kept.txt")
        .then()
        .statusCode(503)
        .body("code", equalTo("storage-unavailable"));
    as(alice)
        .get("/api/v1/dirs")
        .then()
        .statusCode(503)
        .body("code", equalTo("storage-unavailable"));
  }
}
