package dev.coffer.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a {@code Content-Type} that is a media range ({@code *}{@code /*}, {@code application/*},
 * {@code application/*+json}) with 415. A range says what a client accepts, never what a body is;
 * Spring's request headers assert on it and the request would end as a 500 wherever they are read
 * (spring-projects/spring-framework#27957). It runs after authentication, so an anonymous request
 * still gets its 401 first.
 */
@Component
class ContentTypeFilter extends OncePerRequestFilter {

  private final ProblemWriter problems;

  ContentTypeFilter(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (isRange(request.getContentType())) {
      problems.write(
          response,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          Problems.codeFor(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
          "Content-Type must name one media type (such as application/json), not a range"
              + " such as */* or application/*.");
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean isRange(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return false;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return type.isWildcardType() || type.isWildcardSubtype();
    } catch (InvalidMediaTypeException e) {
      return false; // not a media type at all: each endpoint answers that as it always has
    }
  }
}
