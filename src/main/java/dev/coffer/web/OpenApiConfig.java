package dev.coffer.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header and its two ways to sign in, used by Swagger UI's Authorize. */
@Configuration
class OpenApiConfig {

  @Bean
  OpenAPI cofferOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Coffer API")
                .version("v1")
                .description(
                    "Self-hosted files and encryption as a service. Sign in with HTTP Basic or a"
                        + " bearer token from POST /api/v1/tokens.")
                .license(new License().name("Apache-2.0")))
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
}
