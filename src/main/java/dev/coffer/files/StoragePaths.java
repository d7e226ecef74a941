package dev.coffer.files;

import dev.coffer.files.storage.StoragePath;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The one place where the rest of a request URL becomes a {@link StoragePath}. A handler of a
 * mapping such as {@code /api/v1/files/**} (or of the bare prefix, for the home) declares a {@code
 * StoragePath} parameter and receives what follows the prefix, validated. It reads the raw request
 * URI (still percent-encoded, as the client sent it) rather than the container's decoded and
 * normalised path, so every segment is decoded exactly once and checked on its own; a path that is
 * not valid is an {@code invalid-path} refusal before the handler runs.
 */
@Configuration
class StoragePaths implements HandlerMethodArgumentResolver, WebMvcConfigurer {

  static {
    // Documented by OpenApiConfig as the {path} parameter, not as a query parameter or a body.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(StoragePath.class);
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(this);
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == StoragePath.class;
  }

  @Override
  public StoragePath resolveArgument(
      MethodParameter parameter,
      @Nullable ModelAndViewContainer container,
      NativeWebRequest webRequest,
      @Nullable WebDataBinderFactory binderFactory) {
    HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
    if (request == null) {
      throw new IllegalStateException("a StoragePath outside a servlet request");
    }
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    return after(request, prefixOf(String.valueOf(pattern), parameter));
  }

  /** The literal part of a rest-of-URL mapping: {@code /api/v1/files} for {@code .../files/**}. */
  private static String prefixOf(String pattern, MethodParameter parameter) {
    String prefix = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern;
    if (prefix.indexOf('{') >= 0 || prefix.indexOf('*') >= 0) {
      throw new IllegalStateException(
          parameter.getExecutable() + " takes a StoragePath but is mapped to " + pattern);
    }
    return prefix;
  }

  /**
   * The path after {@code prefix} in the request's raw URI: "" (the home) for the prefix itself.
   */
  static StoragePath after(HttpServletRequest request, String prefix) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    if (context != null && !context.isEmpty() && uri.startsWith(context)) {
      uri = uri.substring(context.length());
    }
    if (uri.equals(prefix)) {
      return StoragePath.ROOT;
    }
    if (!uri.startsWith(prefix + "/")) {
      throw FileRefusal.invalidPath("The path is not valid.");
    }
    return StoragePath.fromUrl(uri.substring(prefix.length() + 1));
  }

  /** A path typed in a JSON body or form field. */
  static StoragePath fromText(String field, @Nullable String text) {
    if (text == null) {
      throw FileRefusal.invalidPath(field + ": a path is required.");
    }
    return StoragePath.parse(text);
  }

  /** A file name from a form upload, as an entry of {@code folder}. */
  static StoragePath child(StoragePath folder, @Nullable String name) {
    if (name == null || name.isEmpty()) {
      throw FileRefusal.invalidPath("file: every part needs a file name.");
    }
    return folder.child(name);
  }
}
