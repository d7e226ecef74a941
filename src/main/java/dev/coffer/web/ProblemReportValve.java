package dev.coffer.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last-resort error page, as problem+json. Tomcat refuses some requests before any
 * application code runs (an encoded slash or backslash, NUL, invalid UTF-8 or a broken escape in
 * the path) or a protocol error ({@code CONNECT}, an unknown {@code Transfer-Encoding}, {@code
 * HTTP/9.9}); those answers used to be HTML. Each status keeps its own {@code code}.
 */
public class ProblemReportValve extends ErrorReportValve {

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
          case BAD_REQUEST -> "The request was rejected as malformed.";
          case NOT_IMPLEMENTED ->
              "The request's method or Transfer-Encoding is not implemented by this server.";
          case HTTP_VERSION_NOT_SUPPORTED -> "Only HTTP/1.0 and HTTP/1.1 are spoken here.";
          default -> status.getReasonPhrase() + ".";
        };
    String body =
        "{\"type\":\""
            + Problems.TYPE_BASE
            + problemCode
            + "\",\"title\":\""
            + status.getReasonPhrase()
            + "\",\"status\":"
            + code
            + ",\"detail\":\""
            + detail
            + "\",\"code\":\""
            + problemCode
            + "\"}";
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
