package dev.coffer.crypto;

import dev.coffer.web.JsonBodyTooLargeHint;
import dev.coffer.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Base of the crypto controllers: a JSON body whose field has the wrong type gets a 400 that names
 * the field ({@code batch[2].plaintext: has the wrong type}), which the shared advice cannot know.
 */
@JsonBodyTooLargeHint(
    "send large data to POST /api/v1/keys/{name}/encrypt-stream or decrypt-stream, which take"
        + " any size, or split a batch into smaller ones.")
abstract class CryptoController {

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    String field = fieldOf(e);
    ProblemDetail problem =
        field == null
            ? Problems.of(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "The request body is missing or is not valid JSON of the expected shape.")
            : Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                field
                    + ": has the wrong type (strings for base64, text and names; numbers for"
                    + " versions, sizes and seconds; true or false for flags)");
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private static String fieldOf(Throwable e) {
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
}
