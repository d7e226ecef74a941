package dev.coffer.web;

import com.fasterxml.jackson.core.type.TypeReference;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;

/**
 * The OpenAPI document: its header, the two ways to sign in (used by Swagger UI's Authorize), the
 * shared {@code Problem} schema, and the problem responses every operation can give.
 */
@Configuration
class OpenApiConfig {

  private static final String PROBLEM = "application/problem+json";
  private static final String PROBLEM_REF = "#/components/schemas/Problem";
  private static final String EXAMPLES = "openapi/examples.json";

  @Bean
  OpenAPI cofferOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Coffer API")
                .version("v1")
                .description(
                    "Self-hosted files and encryption as a service. Sign in with HTTP Basic or a"
                        + " bearer token from POST /api/v1/tokens. Every error is"
                        + " application/problem+json.")
                .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
        .servers(List.of(new Server().url("/").description("this server")))
        .components(
            new Components()
                .addSecuritySchemes(
                    "basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                .addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("A token from POST /api/v1/tokens")))
        .addSecurityItem(new SecurityRequirement().addList("basic"))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }

  /**
   * Presents the "rest of the URL" mappings ({@code /api/v1/files/**}) as {@code
   * /api/v1/files/{path}} with a documented {@code path} parameter, so that clients and generated
   * SDKs can call them; the bare prefix (the home) keeps its own operation, suffixed {@code Home}.
   */
  @Bean
  @Order(0)
  OpenApiCustomizer restOfUrlPaths() {
    return openApi -> {
      Paths renamed = new Paths();
      openApi
          .getPaths()
          .forEach(
              (key, item) -> {
                if (key.endsWith("/**")) {
                  String base = key.substring(0, key.length() - 3);
                  item.readOperations()
                      .forEach(
                          op -> {
                            op.setOperationId(withoutSuffix(op.getOperationId()));
                            op.addParametersItem(pathParameter());
                          });
                  renamed.addPathItem(base + "/{path}", item);
                } else {
                  if (openApi.getPaths().containsKey(key + "/**")) {
                    item.readOperations()
                        .forEach(
                            op -> op.setOperationId(withoutSuffix(op.getOperationId()) + "Home"));
                  }
                  renamed.addPathItem(key, item);
                }
              });
      openApi.setPaths(renamed);
    };
  }

  private static @Nullable String withoutSuffix(@Nullable String operationId) {
    return operationId == null ? null : operationId.replaceFirst("_\\d+$", "");
  }

  private static Parameter pathParameter() {
    return new PathParameter()
        .name("path")
        .description(
            "Path relative to your home: segments separated by '/', each percent-encoded UTF-8"
                + " (normalised to NFC). An encoded slash (%2F, as Swagger UI sends it) separates"
                + " segments too. '.', '..', empty segments, backslashes and control characters"
                + " are refused with 400.")
        .schema(new StringSchema())
        .example("docs/report.pdf");
  }

  /** Adds the problem responses that any operation can give, unless it documents its own. */
  @Bean
  OpenApiCustomizer problemResponses() {
    return openApi -> {
      openApi.getComponents().addSchemas("Problem", problemSchema());
      forEachOperation(
          openApi,
          op -> {
            add(op, "400", "bad-request", "The request is not valid.");
            add(op, "401", "unauthorized", "Authentication required.");
            add(op, "403", "forbidden", "You are not allowed to do this.");
            add(
                op,
                "429",
                "too-many-attempts",
                "Too many failed sign-in attempts; retry after Retry-After.");
          });
    };
  }

  private static void forEachOperation(OpenAPI openApi, Consumer<Operation> action) {
    openApi.getPaths().values().forEach(item -> item.readOperations().forEach(action));
  }

  private static void add(Operation operation, String status, String code, String detail) {
    if (operation.getResponses().containsKey(status)) {
      return;
    }
    ApiResponse response =
        new ApiResponse()
            .description(detail)
            .content(
                new Content()
                    .addMediaType(
                        PROBLEM,
                        new MediaType()
                            .schema(new Schema<>().$ref(PROBLEM_REF))
                            .examples(
                                Map.of(
                                    code,
                                    new Example()
                                        .value(
                                            Map.of(
                                                "type",
                                                Problems.TYPE_BASE + code,
                                                "title",
                                                title(status),
                                                "status",
                                                Integer.parseInt(status),
                                                "detail",
                                                detail,
                                                "code",
                                                code))))));
    if (status.equals("401")) {
      response.addHeaderObject(
          "WWW-Authenticate",
          new Header().schema(new StringSchema().example("Basic realm=\"coffer\"")));
    }
    if (status.equals("429")) {
      response.addHeaderObject("Retry-After", new Header().schema(new IntegerSchema().example(30)));
    }
    operation.getResponses().addApiResponse(status, response);
  }

  private static String title(String status) {
    return org.springframework.http.HttpStatus.valueOf(Integer.parseInt(status)).getReasonPhrase();
  }

  private static Schema<?> problemSchema() {
    return new ObjectSchema()
        .description("RFC 9457 problem details")
        .addProperty("type", new StringSchema().format("uri"))
        .addProperty("title", new StringSchema())
        .addProperty("status", new IntegerSchema())
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema())
        .addProperty("code", new StringSchema().description("stable machine-readable code"));
  }

  /** Success statuses springdoc cannot see (it documents every ResponseEntity as 200). */
  private static final Map<String, List<String>> SUCCESS_STATUSES =
      Map.ofEntries(
          Map.entry("createUser", List.of("201")),
          Map.entry("createToken", List.of("201")),
          Map.entry("createKey", List.of("201")),
          Map.entry("importKey", List.of("201")),
          Map.entry("copyEntry", List.of("201")),
          Map.entry("uploadForm", List.of("201")),
          Map.entry("createUpload", List.of("201")),
          Map.entry("uploadFile", List.of("201", "200")),
          Map.entry("createFolder", List.of("201", "200")),
          Map.entry("createFolderHome", List.of("201", "200")),
          Map.entry("revokeToken", List.of("204")),
          Map.entry("deleteUser", List.of("204")),
          Map.entry("changePassword", List.of("204")),
          Map.entry("deleteFile", List.of("204")),
          Map.entry("deleteFolder", List.of("204")),
          Map.entry("deleteFolderHome", List.of("204")),
          Map.entry("deleteKey", List.of("204")),
          Map.entry("patchUpload", List.of("204")),
          Map.entry("deleteUpload", List.of("204")),
          Map.entry("overrideUpload", List.of("204")),
          Map.entry("tusOptions", List.of("204")));

  /** Documents the real success statuses (201 Created, 204 No Content) of the operations above. */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE - 1)
  OpenApiCustomizer successStatuses() {
    return openApi ->
        forEachOperation(
            openApi,
            op -> {
              List<String> codes = SUCCESS_STATUSES.get(op.getOperationId());
              if (codes == null) {
                return;
              }
              ApiResponse ok = op.getResponses().remove("200");
              for (String code : codes) {
                op.getResponses()
                    .addApiResponse(
                        code,
                        code.equals("204") || ok == null
                            ? new ApiResponse().description("No Content")
                            : new ApiResponse()
                                .description(code.equals("201") ? "Created" : "OK")
                                .content(ok.getContent())
                                .headers(ok.getHeaders()));
              }
            });
  }

  /**
   * Sets the request and success-response examples of every operation from {@code
   * openapi/examples.json} (by operationId: {@code request} goes on the request body's media types,
   * {@code response} on the media types of every 2xx response). An operationId that does not exist,
   * or an example with no body to go on, fails the document build, so the file cannot silently fall
   * out of step with the controllers. Runs after the path renaming, which settles the operationIds.
   */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  OpenApiCustomizer requestAndResponseExamples() {
    return examples(loadExamples());
  }

  static OpenApiCustomizer examples(Map<String, Map<String, Object>> examples) {
    return openApi -> {
      Set<String> unused = new HashSet<>(examples.keySet());
      forEachOperation(
          openApi,
          op -> {
            Map<String, Object> example = examples.get(op.getOperationId());
            if (example != null) {
              unused.remove(op.getOperationId());
              applyExample(op, example);
            }
          });
      if (!unused.isEmpty()) {
        throw new IllegalStateException(
            EXAMPLES + " names operations that do not exist: " + unused.stream().sorted().toList());
      }
    };
  }

  private static Map<String, Map<String, Object>> loadExamples() {
    try (InputStream in = new ClassPathResource(EXAMPLES).getInputStream()) {
      Map<String, Map<String, Object>> examples = new HashMap<>();
      Json.mapper()
          .readTree(in)
          .properties()
          .forEach(
              entry ->
                  examples.put(
                      entry.getKey(),
                      Json.mapper().convertValue(entry.getValue(), new TypeReference<>() {})));
      return examples;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + EXAMPLES, e);
    }
  }

  private static void applyExample(Operation op, Map<String, Object> example) {
    for (String part : example.keySet()) {
      if (!part.equals("request") && !part.equals("response")) {
        throw new IllegalStateException(
            EXAMPLES + ": " + op.getOperationId() + " has '" + part + "'; use request or response");
      }
    }
    if (example.containsKey("request")) {
      if (op.getRequestBody() == null || op.getRequestBody().getContent() == null) {
        throw new IllegalStateException(
            EXAMPLES + ": " + op.getOperationId() + " has a request example but no request body");
      }
      op.getRequestBody()
          .getContent()
          .values()
          .forEach(media -> media.setExample(example.get("request")));
    }
    if (example.containsKey("response")) {
      List<Content> contents =
          op.getResponses().entrySet().stream()
              .filter(e -> e.getKey().startsWith("2") && e.getValue().getContent() != null)
              .map(e -> e.getValue().getContent())
              .filter(content -> !content.isEmpty())
              .toList();
      if (contents.isEmpty()) {
        throw new IllegalStateException(
            EXAMPLES
                + ": "
                + op.getOperationId()
                + " has a response example but no success response with a body");
      }
      contents.forEach(
          content -> content.values().forEach(media -> media.setExample(example.get("response"))));
    }
  }
}
