package dev.coffer.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors raised outside Spring MVC (the container, the security firewall, {@code
 * sendError}) with the same problem+json as the advice, in place of Boot's default error page.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

  @RequestMapping(
      path = "/error",
      produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
  @Nullable ResponseEntity<ProblemDetail> error(
      HttpServletRequest request, HttpServletResponse response) {
    // Tomcat includes the error page even into a response already sent (a body that broke off
    // after the answer went out): appending a second problem would only corrupt the first.
    if (response.isCommitted()) {
      return null;
    }
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        code instanceof Integer i && HttpStatus.resolve(i) != null
            ? HttpStatus.valueOf(i)
            : HttpStatus.INTERNAL_SERVER_ERROR;
    String detail =
        switch (status) {
          case BAD_REQUEST -> "The request was rejected as malformed.";
          case NOT_FOUND -> "No such resource.";
          case UNAUTHORIZED -> "Authentication required.";
          case FORBIDDEN -> "You are not allowed to do this.";
          default -> status.getReasonPhrase() + ".";
        };
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(status, Problems.codeFor(status), detail));
  }
}
