package dev.coffer.security;

import dev.coffer.web.RefusedPaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall everywhere, except that an encoded slash ({@code %2F}) is
 * allowed in the rest of the URL of the files, dirs and archive routes ({@link
 * RefusedPaths#FILE_PATH_PREFIXES}), where it separates segments just as {@code /} does: it is what
 * Swagger UI (and any client that encodes a whole parameter) sends for {@code docs/report.pdf}.
 * Every other rule, encoded dots and {@code %25} included, holds there too, and the path is still
 * decoded and confined once, by {@code StoragePath.fromUrl}.
 *
 * <p>Tomcat leaves {@code %2F} as it is in the decoded path as well ({@code
 * encodedSolidusHandling=passthrough}, see {@code TomcatConfig}), so on those routes the decoded
 * path may hold a {@code %}: the firewall's check for a {@code %} there (escapes a container left
 * undecoded) is dropped for them, while {@code %25} stays refused in the raw URI, so no other
 * {@code %} can get through.
 */
final class FilePathFirewall implements HttpFirewall {

  private final StrictHttpFirewall strict = HeaderCharacters.firewall();
  private final StrictHttpFirewall filePaths = HeaderCharacters.firewall();

  FilePathFirewall() {
    filePaths.setAllowUrlEncodedSlash(true);
    filePaths.getDecodedUrlBlocklist().remove("%");
  }

  @Override
  public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
    return (RefusedPaths.isFilePath(rawPath(request)) ? filePaths : strict)
        .getFirewalledRequest(request);
  }

  @Override
  public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
    return strict.getFirewalledResponse(response);
  }

  /** The raw request URI without the context path. */
  static String rawPath(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context != null && !context.isEmpty() && uri.startsWith(context)
        ? uri.substring(context.length())
        : uri;
  }
}
