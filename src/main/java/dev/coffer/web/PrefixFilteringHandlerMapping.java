package dev.coffer.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's handler lookup with a cheap first test. A request whose path is not a literal
 * mapping (every {@code /api/v1/files/**} call, every {@code /keys/{name}/...} call) is matched by
 * Spring against every mapping in turn, method, media types and pattern each, which on a 4 KiB
 * download cost a quarter of the server's time. Here a mapping whose single pattern begins with a
 * literal prefix is skipped at once when the lookup path does not start with that prefix;
 * everything else goes through Spring's own matching unchanged, and so do the 404, 405 and 415
 * answers, which Spring works out from all mappings separately.
 *
 * <p>The lookup path (still percent-encoded) is compared only when it has no escapes and no {@code
 * ;}: pattern literals match decoded segments without matrix parameters, so such paths take the
 * full route.
 */
final class PrefixFilteringHandlerMapping extends RequestMappingHandlerMapping {

  /** The literal prefix of each mapping, or "" when it has none worth testing. */
  private final Map<RequestMappingInfo, String> prefixes = new ConcurrentHashMap<>();

  /** The path being looked up, when it may be compared with prefixes; null otherwise. */
  private final ThreadLocal<String> comparablePath = new ThreadLocal<>();

  @Override
  protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
      throws Exception {
    if (lookupPath.indexOf('%') >= 0 || lookupPath.indexOf(';') >= 0) {
      return super.lookupHandlerMethod(lookupPath, request);
    }
    comparablePath.set(lookupPath);
    try {
      return super.lookupHandlerMethod(lookupPath, request);
    } finally {
      comparablePath.remove();
    }
  }

  @Override
  protected RequestMappingInfo getMatchingMapping(
      RequestMappingInfo info, HttpServletRequest request) {
    String path = comparablePath.get();
    if (path != null) {
      String prefix = prefixes.get(info);
      if (prefix == null) {
        prefix = literalPrefix(info);
        prefixes.put(info, prefix);
      }
      if (!path.startsWith(prefix)) {
        return null;
      }
    }
    return super.getMatchingMapping(info, request);
  }

  /**
   * The part of the pattern before its first variable or wildcard, cut back to the last whole
   * segment ({@code /a/b/**} matches {@code /a/b} too, so its prefix is {@code /a/b}).
   */
  static String literalPrefix(RequestMappingInfo info) {
    PathPatternsRequestCondition condition = info.getPathPatternsCondition();
    if (condition == null) {
      return "";
    }
    Set<PathPattern> patterns = condition.getPatterns();
    if (patterns.size() != 1) {
      return "";
    }
    return literalPrefix(patterns.iterator().next().getPatternString());
  }

  static String literalPrefix(String pattern) {
    int wild = pattern.length();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '{' || c == '*' || c == '?') {
        wild = i;
        break;
      }
    }
    String literal = pattern.substring(0, wild);
    if (wild < pattern.length()) {
      int slash = literal.lastIndexOf('/');
      literal = slash <= 0 ? "" : literal.substring(0, slash);
    } else if (literal.endsWith("/")) {
      literal = literal.substring(0, literal.length() - 1);
    }
    return literal.startsWith("/") ? literal : "";
  }

  /** Puts this mapping in place of Spring Boot's. */
  @Configuration
  static class Registration {
    @Bean
    WebMvcRegistrations prefixFilteringHandlerMapping() {
      return new WebMvcRegistrations() {
        @Override
        public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
          return new PrefixFilteringHandlerMapping();
        }
      };
    }
  }
}
