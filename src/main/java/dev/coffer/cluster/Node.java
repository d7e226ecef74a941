package dev.coffer.cluster;

import java.net.InetAddress;
import java.util.Locale;
import java.util.UUID;

/**
 * This process among the nodes of a deployment.
 *
 * @param id the node id ({@link NodeProperties#id})
 * @param shared whether the database may be shared with other nodes (PostgreSQL); an embedded H2
 *     database is open in one process only, so with it this node is the whole deployment
 */
public record Node(String id, boolean shared) {

  static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  /** The configured id, else host name and port, else (port 0) a random one. */
  static String idOf(String configured, int port) {
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    if (port <= 0) {
      return "node-" + UUID.randomUUID().toString().substring(0, 8);
    }
    String id = (hostName() + "-" + port).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    id = id.replaceFirst("^[^a-z0-9]+", "");
    return id.length() > 64 ? id.substring(id.length() - 64) : id;
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "node";
    }
  }

  /** Whether the database at {@code url} is PostgreSQL, the database several nodes can share. */
  static boolean postgres(String url) {
    return url != null && url.regionMatches(true, 0, "jdbc:postgresql:", 0, 16);
  }
}
