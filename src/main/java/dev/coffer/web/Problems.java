package dev.coffer.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem details with stable type URIs. */
public final class Problems {

  /** Every problem type URI starts with this. */
  public static final String TYPE_BASE = "https://coffer.dev/problems/";

  private Problems() {}

  public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + code));
    problem.setProperty("code", code);
    return problem;
  }

  /** The same problem as a plain map, for code that writes JSON outside Spring MVC. */
  public static Map<String, Object> asMap(HttpStatusCode status, String code, String detail) {
    ProblemDetail problem = of(status, code, detail);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.getType().toString());
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    body.put("code", code);
    return body;
  }

  /** A stable code for a status that has no more specific one. */
  public static String codeFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> "bad-request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 409 -> "conflict";
      case 413 -> "payload-too-large";
      case 415 -> "unsupported-media-type";
      case 429 -> "too-many-requests";
      case 503 -> "unavailable";
      default -> status.is5xxServerError() ? "internal-error" : "error";
    };
  }
}
