package dev.coffer.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Spring MVC's handler lookup through an index of literal prefixes. A request whose path is not a
 * literal mapping (every {@code /api/v1/files/**} call, every {@code /keys/{name}/...} call) is
 * matched by Spring against every mapping in turn, method, media types and pattern each, which on a
 * 4 KiB download cost a quarter of the server's time.
 *
 * <p>Every mapping has a literal prefix: the whole segments its patterns share before any variable
 * or wildcard, or "" when there are none. A path a mapping matches starts with that prefix followed
 * by the end or a {@code /}, since pattern literals match whole segments, case-sensitively. So the
 * mappings are indexed by prefix once (again after any is registered or removed), and a lookup only
 * tests, with Spring's own full condition check, the mappings filed under the path's own segment
 * prefixes ({@code /api}, {@code /api/v1}, {@code /api/v1/files}, ...) and those with no prefix:
 * every mapping that could match is among them. When exactly one of them matches, it is the only
 * mapping that matches at all, so Spring's lookup would pick it as well (from the literal paths or
 * from all mappings, without sorting) and the match is handled just as Spring does for a single
 * match. In every other case (no match or several, a CORS pre-flight, a mapping being registered)
 * Spring's lookup runs, so the 404, 405, 406 and 415 answers, which Spring works out from all
 * mappings, and the choice among several matches stay Spring's.
 *
 * <p>The index is used only when the lookup path (still percent-encoded) has no escapes and no
 * {@code ;}, and patterns are case-sensitive: pattern literals match decoded segments without
 * matrix parameters, so other paths take Spring's full route.
 */
final class PrefixFilteringHandlerMapping extends RequestMappingHandlerMapping {

  /** Registrations under way: while there are any, the index may be out of date and is not used. */
  private final AtomicInteger registering = new AtomicInteger();

  private final Object indexLock = new Object();

  /** The mappings by literal prefix, built on first use and dropped when mappings change. */
  private volatile @Nullable Index index;

  /** A registered mapping and its handler, as Spring's registry holds them. */
  private record Candidate(RequestMappingInfo info, HandlerMethod handlerMethod) {}

  /** The registered mappings by literal prefix, and those with none. */
  private record Index(
      Map<String, Candidate[]> byPrefix, Candidate[] unprefixed, int longestPrefix) {}

  @Override
  protected @Nullable HandlerMethod lookupHandlerMethod(
      String lookupPath, HttpServletRequest request) throws Exception {
    HandlerMethod single = lookupSingleMatch(lookupPath, request);
    return single != null ? single : super.lookupHandlerMethod(lookupPath, request);
  }

  /**
   * The handler of the only mapping that matches the request, handled as Spring handles a single
   * match; null, with nothing done, when no mapping or several match or the index may not be used.
   * Called with the registry's read lock held, so the registry cannot change meanwhile.
   */
  @Nullable HandlerMethod lookupSingleMatch(String lookupPath, HttpServletRequest request) {
    if (!isComparable(lookupPath)
        || CorsUtils.isPreFlightRequest(request)
        || registering.get() != 0) {
      return null;
    }
    Index current = index();
    List<Candidate[]> groups = new ArrayList<>(4);
    groups.add(current.unprefixed());
    int end = Math.min(lookupPath.length(), current.longestPrefix());
    for (int i = 1; i <= end; i++) {
      if (i == lookupPath.length() || lookupPath.charAt(i) == '/') {
        Candidate[] group = current.byPrefix().get(lookupPath.substring(0, i));
        if (group != null) {
          groups.add(group);
        }
      }
    }
    Candidate found = null;
    RequestMappingInfo match = null;
    for (Candidate[] group : groups) {
      for (Candidate candidate : group) {
        RequestMappingInfo info = super.getMatchingMapping(candidate.info(), request);
        if (info != null) {
          if (found != null) {
            return null;
          }
          found = candidate;
          match = info;
        }
      }
    }
    if (found == null || match == null) {
      return null;
    }
    // What AbstractHandlerMethodMapping.lookupHandlerMethod does with its best match.
    request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, found.handlerMethod());
    handleMatch(match, lookupPath, request);
    return found.handlerMethod();
  }

  private boolean isComparable(String lookupPath) {
    PathPatternParser parser = getPatternParser();
    return parser != null
        && parser.isCaseSensitive()
        && lookupPath.indexOf('%') < 0
        && lookupPath.indexOf(';') < 0;
  }

  private Index index() {
    Index current = index;
    if (current == null) {
      synchronized (indexLock) {
        current = index;
        if (current == null) {
          current = buildIndex(getHandlerMethods());
          index = current;
        }
      }
    }
    return current;
  }

  private static Index buildIndex(Map<RequestMappingInfo, HandlerMethod> handlerMethods) {
    Map<String, List<Candidate>> groups = new HashMap<>();
    List<Candidate> unprefixed = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : handlerMethods.entrySet()) {
      Candidate candidate = new Candidate(entry.getKey(), entry.getValue());
      String prefix = literalPrefix(entry.getKey());
      if (prefix.isEmpty()) {
        unprefixed.add(candidate);
      } else {
        groups.computeIfAbsent(prefix, p -> new ArrayList<>()).add(candidate);
      }
    }
    Map<String, Candidate[]> byPrefix = new HashMap<>();
    int longest = 0;
    for (Map.Entry<String, List<Candidate>> group : groups.entrySet()) {
      byPrefix.put(group.getKey(), group.getValue().toArray(Candidate[]::new));
      longest = Math.max(longest, group.getKey().length());
    }
    return new Index(Map.copyOf(byPrefix), unprefixed.toArray(Candidate[]::new), longest);
  }

  @Override
  public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
    changingMappings(() -> super.registerMapping(mapping, handler, method));
  }

  @Override
  protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
    changingMappings(() -> super.registerHandlerMethod(handler, method, mapping));
  }

  @Override
  public void unregisterMapping(RequestMappingInfo mapping) {
    changingMappings(() -> super.unregisterMapping(mapping));
  }

  /** Runs a registry change with the index out of use, and drops the index after it. */
  private void changingMappings(Runnable change) {
    registering.incrementAndGet();
    try {
      change.run();
    } finally {
      mappingsChanged();
    }
  }

  /**
   * Drops the index, under its lock so that an index built from the registry before the change is
   * dropped too, before the registration counts as done.
   */
  private void mappingsChanged() {
    synchronized (indexLock) {
      index = null;
    }
    registering.decrementAndGet();
  }

  /**
   * The whole segments that all the mapping's patterns begin with before any variable or wildcard,
   * or "" when there are none or the mapping has no path patterns.
   */
  static String literalPrefix(RequestMappingInfo info) {
    PathPatternsRequestCondition condition = info.getPathPatternsCondition();
    if (condition == null) {
      return "";
    }
    Set<PathPattern> patterns = condition.getPatterns();
    String common = null;
    for (PathPattern pattern : patterns) {
      String prefix = literalPrefix(pattern.getPatternString());
      common = common == null ? prefix : commonPrefix(common, prefix);
    }
    return common == null ? "" : common;
  }

  /**
   * The part of the pattern before its first variable or wildcard, cut back to the last whole
   * segment ({@code /a/b/**} matches {@code /a/b} too, so its prefix is {@code /a/b}).
   */
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

  /**
   * The whole segments two prefixes begin with ({@code /a/bc} and {@code /a/bd} share {@code /a}).
   */
  static String commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int same = 0;
    while (same < n && a.charAt(same) == b.charAt(same)) {
      same++;
    }
    for (int end = same; end > 0; end--) {
      if ((end == a.length() || a.charAt(end) == '/')
          && (end == b.length() || b.charAt(end) == '/')) {
        return a.substring(0, end);
      }
    }
    return "";
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
