package dev.coffer.security;

import dev.coffer.web.ProblemWriter;
import dev.coffer.web.RefusedPaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers a request the firewall refused with a 400 problem that says why ({@code detail}) and
 * names the request path ({@code instance}), in place of Spring Security's bare 400 and the error
 * page behind it. The firewall's own messages quote header, parameter and host values verbatim, so
 * they are only used to tell which rule fired; the sentence and the path come from {@link
 * RefusedPaths}, which never copies a hostile byte.
 */
@Component
class RejectedRequestProblems implements RequestRejectedHandler {

  private static final Logger log = LoggerFactory.getLogger(RejectedRequestProblems.class);
  private static final String BECAUSE = "The request was rejected because the ";

  private final ProblemWriter writer;

  RejectedRequestProblems(ProblemWriter writer) {
    this.writer = writer;
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
      throws IOException {
    String path = FilePathFirewall.rawPath(request);
    String message = e.getMessage() == null ? "" : e.getMessage();
    String code = "bad-request";
    String detail;
    if (message.startsWith(BECAUSE + "header")) {
      detail = "A request header name or value holds characters that are not allowed.";
    } else if (message.startsWith(BECAUSE + "parameter")) {
      detail = "A request parameter name or value holds characters that are not allowed.";
    } else if (message.startsWith(BECAUSE + "HTTP method")) {
      detail = "The HTTP method is not allowed.";
    } else if (message.startsWith(BECAUSE + "domain")) {
      detail = "The Host is not allowed.";
    } else {
      String reason = RefusedPaths.reason(path);
      code = reason != null ? "invalid-path" : code;
      detail = reason != null ? reason : RefusedPaths.GENERIC;
    }
    String instance = RefusedPaths.instance(request.getRequestURI());
    log.debug("Refused {} {}: {}", request.getMethod(), instance, detail);
    writer.write(response, HttpStatus.BAD_REQUEST, code, detail, instance);
  }
}
