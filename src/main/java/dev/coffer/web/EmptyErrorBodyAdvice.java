package dev.coffer.web;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Gives an error answered without a body a problem+json one. Actuator endpoints answer an unknown
 * name ({@code /actuator/health/db}, whose component is not shown to anonymous callers) with a bare
 * 404; Spring MVC offers such empty responses to this advice before writing them.
 */
@ControllerAdvice
class EmptyErrorBodyAdvice implements ResponseBodyAdvice<Object> {

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public @Nullable Object beforeBodyWrite(
      @Nullable Object body,
      MethodParameter returnType,
      MediaType selectedContentType,
      Class<? extends HttpMessageConverter<?>> selectedConverterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    if (body != null || !(response instanceof ServletServerHttpResponse servlet)) {
      return body;
    }
    HttpStatusCode status = HttpStatusCode.valueOf(servlet.getServletResponse().getStatus());
    if (!status.isError()) {
      return null;
    }
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    String detail =
        status.value() == HttpStatus.NOT_FOUND.value()
            ? "No such resource."
            : "The request could not be answered.";
    return Problems.of(status, Problems.codeFor(status), detail);
  }
}
