package dev.coffer.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.sdk.model.Problem;
import java.io.IOException;
import java.net.http.HttpHeaders;

/**
 * A call the server answered with an error: its RFC 9457 problem (status, machine-readable code,
 * detail) as fields instead of a JSON string to parse. Every generated API throws it for a non-2xx
 * answer; it is an {@link ApiException}, so code that catches that keeps working.
 */
public class CofferProblemException extends ApiException {

  private static final ObjectMapper MAPPER = ApiClient.createDefaultObjectMapper();

  private final transient Problem problem;

  public CofferProblemException(
      String operationId, int status, HttpHeaders responseHeaders, String responseBody) {
    this(operationId, status, responseHeaders, responseBody, parse(status, responseBody));
  }

  private CofferProblemException(
      String operationId,
      int status,
      HttpHeaders responseHeaders,
      String responseBody,
      Problem problem) {
    super(status, message(operationId, status, problem), responseHeaders, responseBody);
    this.problem = problem;
  }

  /** The server's problem; only {@code status} is set when the answer was not a problem. */
  public Problem getProblem() {
    return problem;
  }

  /** The HTTP status, as {@link #getCode()}. */
  public int getStatus() {
    return getCode();
  }

  /** The machine-readable code such as {@code not-found}, or null when the server sent none. */
  public String getProblemCode() {
    return problem.getCode();
  }

  /** What went wrong, for people, or null when the server said nothing. */
  public String getDetail() {
    return problem.getDetail();
  }

  private static Problem parse(int status, String body) {
    if (body != null && !body.isBlank()) {
      try {
        Problem parsed = MAPPER.readValue(body, Problem.class);
        if (parsed != null) {
          return parsed.getStatus() == null ? parsed.status(status) : parsed;
        }
      } catch (IOException notAProblem) {
        // a proxy's HTML error page, say: the status alone is all there is to report
      }
    }
    return new Problem().status(status);
  }

  private static String message(String operationId, int status, Problem problem) {
    StringBuilder message = new StringBuilder(operationId).append(": ").append(status);
    if (problem.getCode() != null) {
      message.append(' ').append(problem.getCode());
    }
    String text = problem.getDetail() != null ? problem.getDetail() : problem.getTitle();
    if (text != null) {
      message.append(" - ").append(text);
    }
    return message.toString();
  }
}
