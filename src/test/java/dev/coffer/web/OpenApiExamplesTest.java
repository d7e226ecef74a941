package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples customizer: applies examples by operationId and refuses a file that has rotted. */
class OpenApiExamplesTest {

  private static OpenAPI api(boolean withBody) {
    Operation op =
        new Operation()
            .operationId("hash")
            .responses(
                new ApiResponses()
                    .addApiResponse(
                        "200",
                        new ApiResponse()
                            .content(
                                new Content().addMediaType("application/json", new MediaType())))
                    .addApiResponse("204", new ApiResponse().description("nothing")));
    if (withBody) {
      op.requestBody(
          new RequestBody()
              .content(new Content().addMediaType("application/json", new MediaType())));
    }
    return new OpenAPI().paths(new Paths().addPathItem("/api/v1/hash", new PathItem().post(op)));
  }

  @Test
  void examplesWhenOperationKnownThenSetOnRequestAndSuccessResponse() {
    OpenAPI api = api(true);
    OpenApiConfig.examples(
            Map.of("hash", Map.of("request", Map.of("input", "aGVsbG8="), "response", "sum")))
        .customise(api);
    Operation op = api.getPaths().get("/api/v1/hash").getPost();
    assertThat(op.getRequestBody().getContent().get("application/json").getExample())
        .isEqualTo(Map.of("input", "aGVsbG8="));
    assertThat(op.getResponses().get("200").getContent().get("application/json").getExample())
        .isEqualTo("sum");
  }

  @Test
  void examplesWhenOperationIdUnknownThenFails() {
    assertThatThrownBy(
            () ->
                OpenApiConfig.examples(Map.of("hashh", Map.of("response", "sum")))
                    .customise(api(true)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[hashh]");
  }

  @Test
  void examplesWhenRequestExampleButNoBodyThenFails() {
    assertThatThrownBy(
            () ->
                OpenApiConfig.examples(Map.of("hash", Map.of("request", Map.of())))
                    .customise(api(false)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no request body");
  }

  @Test
  void examplesWhenUnknownPartThenFails() {
    assertThatThrownBy(
            () ->
                OpenApiConfig.examples(Map.of("hash", Map.of("responses", "sum")))
                    .customise(api(true)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'responses'");
  }
}
