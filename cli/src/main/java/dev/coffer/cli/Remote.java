package dev.coffer.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The files API as the commands use it: stat, walk a folder page by page, delete, copy. */
final class Remote {

  /** A file's or folder's {@code FileInfo}; sha256 may be null. */
  record Info(String path, String type, long size, String modified, String etag, String sha256) {
    boolean folder() {
      return "dir".equals(type);
    }

    static Info of(JsonNode n) {
      return new Info(
          Api.text(n, "path"),
          Api.text(n, "type"),
          n.path("size").asLong(),
          Api.text(n, "modified"),
          Api.text(n, "etag"),
          Api.text(n, "sha256"));
    }

    ObjectNode json() {
      ObjectNode n =
          Api.JSON
              .createObjectNode()
              .put("path", path)
              .put("type", type)
              .put("size", size)
              .put("modified", modified)
              .put("etag", etag);
      if (sha256 != null) {
        n.put("sha256", sha256);
      }
      return n;
    }
  }

  private final Api api;

  Remote(Api api) {
    this.api = api;
  }

  /** What is at the path: a file (from HEAD), a folder, or nothing. */
  Optional<Info> stat(RemotePath path) {
    if (path.isHome()) {
      return Optional.of(new Info("", "dir", 0, null, null, null));
    }
    Api.Reply r = api.call("HEAD", "/api/v1/files/" + path.url(), Map.of(), null);
    if (r.status() == 200) {
      String etag = r.header("ETag").map(e -> e.replace("\"", "")).orElse(null);
      return Optional.of(
          new Info(
              path.path(),
              "file",
              r.header("Content-Length").map(Long::parseLong).orElse(0L),
              r.header("Last-Modified").map(Times::isoInstant).orElse(null),
              etag,
              r.header("Repr-Digest").map(Remote::sha256Hex).orElse(null)));
    }
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (r.status() == 400 || r.status() == 409) {
      // a folder: GET /files refuses it; the listing says whether it is there
      try {
        api.get("/api/v1/dirs/" + path.url() + "?limit=1");
        return Optional.of(new Info(path.path(), "dir", 0, null, null, null));
      } catch (Problem p) {
        if (p.status() == 404) {
          return Optional.empty();
        }
        throw p;
      }
    }
    throw new Problem(r.status(), null, path + ": HTTP " + r.status());
  }

  Info require(RemotePath path) {
    return stat(path)
        .orElseThrow(() -> new Problem(404, "not-found", path + ": no such file or folder"));
  }

  /** Every entry of a folder (the whole tree with recursive), page by page, never all at once. */
  void list(RemotePath dir, boolean recursive, String sort, boolean desc, Consumer<Info> each) {
    String cursor = null;
    do {
      StringBuilder q =
          new StringBuilder("/api/v1/dirs")
              .append(dir.isHome() ? "" : "/" + dir.url())
              .append("?limit=1000&sort=")
              .append(sort)
              .append("&order=")
              .append(desc ? "desc" : "asc");
      if (recursive) {
        q.append("&recursive=true");
      }
      if (cursor != null) {
        q.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      }
      JsonNode page = api.get(q.toString());
      for (JsonNode e : page.path("entries")) {
        each.accept(Info.of(e));
      }
      cursor = Api.text(page, "nextCursor");
    } while (cursor != null);
  }

  void mkdirs(RemotePath path) {
    api.post("/api/v1/dirs/" + path.url(), null);
  }

  void delete(RemotePath path, boolean folder, boolean recursive) {
    if (folder) {
      api.json("DELETE", "/api/v1/dirs/" + path.url() + (recursive ? "?recursive=true" : ""), null);
    } else {
      api.json("DELETE", "/api/v1/files/" + path.url(), null);
    }
  }

  JsonNode op(String op, RemotePath from, RemotePath to, boolean overwrite) {
    ObjectNode body =
        api.object().put("from", from.path()).put("to", to.path()).put("overwrite", overwrite);
    return api.post("/api/v1/ops/" + op, body);
  }

  /**
   * A file's body, read on the calling thread ({@link Api#fetch}); a range of it with {@code
   * range}; with {@code direct}, as a socket channel where the server allows.
   */
  Api.Fetched fetch(RemotePath path, String range, String ifRange, boolean direct) {
    Map<String, String> headers = new java.util.HashMap<>();
    if (range != null) {
      headers.put("Range", range);
      if (ifRange != null) {
        headers.put("If-Range", ifRange);
      }
    }
    return api.fetch("/api/v1/files/" + path.url(), headers, direct);
  }

  /** The hex SHA-256 in a {@code Repr-Digest: sha-256=:<base64>:} header, or null. */
  static String sha256Hex(String reprDigest) {
    for (String part : reprDigest.split(",")) {
      String p = part.strip();
      if (p.startsWith("sha-256=:") && p.endsWith(":") && p.length() > 10) {
        try {
          return HexFormat.of()
              .formatHex(Base64.getDecoder().decode(p.substring(9, p.length() - 1)));
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }
}
