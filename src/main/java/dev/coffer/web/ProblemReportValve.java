package dev.coffer.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's last-resort error page, as problem+json. Tomcat refuses some requests before any
 * application code runs (an encoded slash or backslash, NUL, invalid UTF-8 or a broken escape in
 * the path) or a protocol error ({@code CONNECT}, an unknown {@code Transfer-Encoding}, {@code
 * HTTP/9.9}); those answers used to be HTML. Each status keeps its own {@code code}. A refused path
 * is named in {@code instance} and its defect in {@code detail}, both from {@link RefusedPaths}.
 * Tomcat makes the valve itself, outside the application context, so it has its own JSON writer.
 */
public class ProblemReportValve extends ErrorReportValve {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Tomcat refuses raw backslashes, spaces and bytes above 0x7F before it has a path at all. */
  static final String UNPARSED =
      "The request line is not valid HTTP: a URL holds printable ASCII only, so percent-encode a"
          + " backslash as %5C and other characters as UTF-8 escapes.";

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int code = response.getStatus();
    if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    HttpStatus status = HttpStatus.resolve(code);
    if (status == null) {
      status = code < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
    }
    String problemCode = Problems.codeFor(status);
    String detail =
        switch (status) {
          case NOT_IMPLEMENTED ->
              "The request's method or Transfer-Encoding is not implemented by this server.";
          case HTTP_VERSION_NOT_SUPPORTED -> "Only HTTP/1.0 and HTTP/1.1 are spoken here.";
          default -> status.getReasonPhrase() + ".";
        };
    String uri = request.getRequestURI();
    boolean unparsed = uri == null || uri.isEmpty();
    if (status == HttpStatus.BAD_REQUEST) {
      // Unparsed, it may be the method or protocol that is wrong, so not necessarily the path.
      String reason = unparsed ? null : RefusedPaths.reason(uri);
      problemCode = reason != null ? "invalid-path" : problemCode;
      detail =
          reason != null ? reason : unparsed ? UNPARSED : "The request was rejected as malformed.";
    }
    Map<String, Object> problem = Problems.asMap(status, problemCode, detail);
    problem.put("status", code);
    if (!unparsed) {
      // A request line Tomcat could not parse has no path to name.
      problem.remove("code");
      problem.put("instance", RefusedPaths.instance(uri));
      problem.put("code", problemCode);
    }
    String body = JSON.writeValueAsString(problem);
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The connection is gone or the response is already on its way: nothing more to say.
    }
  }
}
