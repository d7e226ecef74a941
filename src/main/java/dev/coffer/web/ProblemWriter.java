package dev.coffer.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem+json straight to a servlet response, for filters and entry points. */
@Component
public class ProblemWriter {

  private final JsonMapper json;

  ProblemWriter(JsonMapper json) {
    this.json = json;
  }

  public void write(
      HttpServletResponse response, HttpStatus status, String code, @Nullable String detail)
      throws IOException {
    write(response, status, code, detail, null);
  }

  /** As above, naming the request in {@code instance} (a URI reference the caller made safe). */
  public void write(
      HttpServletResponse response,
      HttpStatus status,
      String code,
      @Nullable String detail,
      @Nullable String instance)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    Map<String, Object> body = Problems.asMap(status, code, detail);
    if (instance != null) {
      body.put("instance", instance);
    }
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    byte[] bytes = json.writeValueAsBytes(body);
    // A known length keeps the answer complete even when the connection is cut right after it.
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
