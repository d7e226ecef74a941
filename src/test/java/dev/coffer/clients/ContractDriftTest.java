package dev.coffer.clients;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed OpenAPI contract ({@code openapi/coffer-api.json}, from which the Java SDK is
 * generated) must equal what the running service publishes. After an intended API change,
 * regenerate it with {@code ./mvnw test -Dtest=ContractDriftTest -Dcoffer.contract.update=true} and
 * review the diff.
 */
class ContractDriftTest extends EndToEndTest {

  static final Path CONTRACT = Path.of("openapi", "coffer-api.json");

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  @Test
  void liveApiDocsWhenComparedToCommittedContractThenIdentical() throws Exception {
    JsonNode live =
        JSON.readTree(given().get("/v3/api-docs").then().statusCode(200).extract().asString());
    if (Boolean.getBoolean("coffer.contract.update")) {
      Files.createDirectories(CONTRACT.getParent());
      Files.writeString(
          CONTRACT, JSON.writeValueAsString(JSON.treeToValue(live, Object.class)) + "\n");
    }
    assertThat(Files.exists(CONTRACT))
        .as("committed contract %s exists (create it with -Dcoffer.contract.update=true)", CONTRACT)
        .isTrue();
    JsonNode committed = JSON.readTree(Files.readString(CONTRACT));
    assertThat(live)
        .as(
            "live /v3/api-docs differs from %s: if the change is intended, run ./mvnw test"
                + " -Dtest=ContractDriftTest -Dcoffer.contract.update=true and commit the file",
            CONTRACT)
        .isEqualTo(committed);
  }

  @Test
  void everyOperationWhenPublishedThenHasIdSummaryAndDescription() {
    forEachOperation(
        (where, op) -> {
          assertThat(op.path("operationId").asString())
              .as("operationId of %s", where)
              .isNotBlank()
              .doesNotContainPattern("_\\d+$");
          assertThat(op.path("summary").asString()).as("summary of %s", where).isNotBlank();
          assertThat(op.path("description").asString()).as("description of %s", where).isNotBlank();
        });
  }

  /**
   * Every JSON request body has an example, and so has every media type of every success (2xx)
   * response; they come from {@code src/main/resources/openapi/examples.json}.
   */
  @Test
  void everyOperationWhenPublishedThenHasRequestAndResponseExamples() {
    forEachOperation(
        (where, op) -> {
          op.path("requestBody")
              .path("content")
              .properties()
              .forEach(
                  media -> {
                    if (media.getKey().contains("json")) {
                      assertThat(hasExample(media.getValue()))
                          .as("request example (%s) of %s", media.getKey(), where)
                          .isTrue();
                    }
                  });
          op.path("responses")
              .properties()
              .forEach(
                  response -> {
                    if (response.getKey().startsWith("2")) {
                      response
                          .getValue()
                          .path("content")
                          .properties()
                          .forEach(
                              media ->
                                  assertThat(hasExample(media.getValue()))
                                      .as(
                                          "%s response example (%s) of %s",
                                          response.getKey(), media.getKey(), where)
                                      .isTrue());
                    }
                  });
        });
  }

  private static void forEachOperation(BiConsumer<String, JsonNode> check) {
    JsonNode paths = JSON.readTree(given().get("/v3/api-docs").asString()).get("paths");
    paths
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op ->
                            check.accept(
                                op.getKey().toUpperCase() + " " + path.getKey(), op.getValue())));
  }

  private static boolean hasExample(JsonNode media) {
    return media.has("example") || !media.path("examples").isEmpty();
  }
}
