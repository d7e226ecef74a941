package dev.coffer.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.coffer.support.EndToEndTest;
import org.junit.jupiter.api.Test;

class PublicEndpointsEndToEndTest extends EndToEndTest {

  @Test
  void healthWhenAnonymousThenUp() {
    given().get("/actuator/health").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void apiDocsWhenAnonymousThenListsBasicAndBearerSchemes() {
    given()
        .get("/v3/api-docs")
        .then()
        .statusCode(200)
        .body("components.securitySchemes.basic.scheme", equalTo("basic"))
        .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
        .body("paths.'/api/v1/me'.get.summary", notNullValue())
        .body("paths.'/api/v1/tokens'.post", notNullValue());
  }

  @Test
  void swaggerUiWhenAnonymousThenServed() {
    given().get("/swagger-ui/index.html").then().statusCode(200).body(containsString("swagger"));
  }

  @Test
  void prometheusWhenAnonymousThen401() {
    given().get("/actuator/prometheus").then().statusCode(401);
  }

  @Test
  void prometheusWhenPlainUserThen403() {
    as(newUser("vic")).get("/actuator/prometheus").then().statusCode(403);
  }

  @Test
  void prometheusWhenAdminThenMetrics() {
    asAdmin().get("/actuator/prometheus").then().statusCode(200).body(containsString("jvm_"));
  }

  @Test
  void prometheusWhenScrapeTokenThenMetricsButNoApiAccess() {
    withToken(SCRAPE_TOKEN).get("/actuator/prometheus").then().statusCode(200);
    withToken(SCRAPE_TOKEN).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void otherActuatorEndpointsWhenPlainUserThen403() {
    as(newUser("wes")).get("/actuator/metrics").then().statusCode(403);
  }
}
