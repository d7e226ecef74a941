package dev.coffer.web;

import java.net.URI;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * The one error advice: every error a controller raises leaves as {@code application/problem+json}
 * with a stable {@code type} and {@code code}, and never with a stack trace or class name.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Object> api(ApiException e) {
    return problem(e.status(), e.code(), e.getMessage(), e.headers());
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<Object> denied(AccessDeniedException e) {
    return problem(
        HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this.", new HttpHeaders());
  }

  @ExceptionHandler(AuthenticationException.class)
  ResponseEntity<Object> unauthenticated(AuthenticationException e) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"coffer\"");
    return problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required.", headers);
  }

  /**
   * A multipart body Tomcat cannot parse: no or a wrong boundary, a body cut short, a NUL in a file
   * name, a broken {@code filename*}. The cause is the client's, so a 400 (an upload over the size
   * limit is a {@code MaxUploadSizeExceededException}, which the base class answers with 413).
   */
  @ExceptionHandler(MultipartException.class)
  ResponseEntity<Object> malformedMultipart(MultipartException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "malformed-multipart",
        "The multipart/form-data body is malformed: check its boundary, that it is complete, and"
            + " that every file name is valid text.",
        new HttpHeaders());
  }

  /**
   * The firewall checks some header values only when they are read, inside the controller; such a
   * refusal is the client's fault as much as one in the filter chain.
   */
  @ExceptionHandler(RequestRejectedException.class)
  ResponseEntity<Object> rejected(RequestRejectedException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "rejected-request",
        "The request was rejected: a header holds characters that are not allowed.",
        new HttpHeaders());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e) {
    if (NoSpace.causedBy(e)) {
      // A full disk, met by a file write or by the database's: the client may try again later.
      log.warn("Refused for lack of disk space: {}", e.toString());
      return problem(
          HttpStatus.INSUFFICIENT_STORAGE,
          "storage-full",
          "The server's disk is full; nothing can be stored until space is freed.",
          new HttpHeaders());
    }
    log.error("Unhandled error", e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal-error",
        "An unexpected error occurred.",
        new HttpHeaders());
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String detail =
        ex.getBindingResult().getFieldErrors().stream()
            .map(ProblemAdvice::describe)
            .sorted()
            .collect(Collectors.joining("; "));
    if (detail.isEmpty()) {
      detail = "The request is not valid.";
    }
    return problem(HttpStatus.BAD_REQUEST, "invalid-request", detail, headers);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String detail =
        ex.getParameterValidationResults().stream()
            .flatMap(
                r ->
                    r.getResolvableErrors().stream()
                        .map(
                            err ->
                                r.getMethodParameter().getParameterName()
                                    + ": "
                                    + err.getDefaultMessage()))
            .sorted()
            .collect(Collectors.joining("; "));
    return problem(HttpStatus.BAD_REQUEST, "invalid-request", detail, headers);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String field = fieldOf(ex);
    String detail =
        field == null
            ? "The request body is missing or is not valid JSON of the expected shape."
            : field
                + ": has the wrong JSON type (strings for base64, text and names; numbers for"
                + " versions, sizes and counts; true or false for flags)";
    return problem(HttpStatus.BAD_REQUEST, "malformed-request", detail, headers);
  }

  /** The JSON path of the value that failed to bind ({@code batch[2].text}), or null. */
  private static @Nullable String fieldOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : jackson.getPath()) {
          if (ref.getPropertyName() != null) {
            path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
          } else if (ref.getIndex() >= 0) {
            path.append('[').append(ref.getIndex()).append(']');
          }
        }
        return path.isEmpty() ? null : path.toString();
      }
    }
    return null;
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return problem(HttpStatus.NOT_FOUND, "not-found", "No such resource.", headers);
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem
        && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
      String code = Problems.codeFor(statusCode);
      problem.setType(URI.create(Problems.TYPE_BASE + code));
      problem.setProperty("code", code);
    }
    HttpHeaders out = new HttpHeaders();
    out.addAll(headers);
    out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return new ResponseEntity<>(body, out, statusCode);
  }

  private static String describe(FieldError error) {
    return error.getField() + ": " + error.getDefaultMessage();
  }

  private static ResponseEntity<Object> problem(
      HttpStatus status, String code, @Nullable String detail, HttpHeaders headers) {
    HttpHeaders out = new HttpHeaders();
    out.addAll(headers);
    out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return new ResponseEntity<>(Problems.of(status, code, detail), out, status);
  }
}
