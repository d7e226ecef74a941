package dev.coffer.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem details with stable type URIs. */
public final class Problems {

  /** Every problem type URI starts with this. */
  public static final String TYPE_BASE = "https://coffer.dev/problems/";

  private Problems() {}

  public static ProblemDetail of(HttpStatusCode status, String code, @Nullable String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + code));
    problem.setProperty("code", code);
    return problem;
  }

  /** The same problem as a plain map, for code that writes JSON outside Spring MVC. */
  public static Map<String, Object> asMap(
      HttpStatusCode status, String code, @Nullable String detail) {
    ProblemDetail problem = of(status, code, detail);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BASE + code);
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    body.put("code", code);
    return body;
  }

  /**
   * A stable code for a status that has no more specific one: a few short names, else the status's
   * reason in kebab case ({@code 505} is {@code http-version-not-supported}), so a protocol error
   * is never mistaken for {@code internal-error}, which only 500 carries.
   */
  public static String codeFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> "bad-request";
      case 413 -> "payload-too-large";
      case 500 -> "internal-error";
      case 503 -> "unavailable";
      default -> {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known != null) {
          yield known.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        yield status.is5xxServerError() ? "server-error" : "client-error";
      }
    };
  }
}
