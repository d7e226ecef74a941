package dev.coffer.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Named sign-ins kept in one JSON file that only its owner can read ({@code $COFFER_CONFIG}, or
 * {@code $XDG_CONFIG_HOME/coffer/config.json}, or {@code ~/.config/coffer/config.json}).
 */
final class Profiles {

  /** One sign-in: where the server is and the bearer token created for this client. */
  record Profile(String url, String token, String tokenId, String username) {}

  private final Path path;

  Profiles(Path path) {
    this.path = path;
  }

  static Profiles standard(Map<String, String> env) {
    String explicit = env.get("COFFER_CONFIG");
    if (explicit != null && !explicit.isEmpty()) {
      return new Profiles(Path.of(explicit));
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isEmpty()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return new Profiles(base.resolve("coffer").resolve("config.json"));
  }

  Map<String, Profile> all() {
    if (!Files.exists(path)) {
      return new TreeMap<>();
    }
    try {
      Map<String, Profile> all = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e :
          Api.JSON.readTree(Files.readAllBytes(path)).path("profiles").properties()) {
        JsonNode p = e.getValue();
        all.put(
            e.getKey(),
            new Profile(
                Api.text(p, "url"),
                Api.text(p, "token"),
                Api.text(p, "tokenId"),
                Api.text(p, "username")));
      }
      return all;
    } catch (IOException | RuntimeException e) {
      throw new LocalError("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  Profile get(String name) {
    return all().get(name);
  }

  void put(String name, Profile profile) {
    Map<String, Profile> all = all();
    all.put(name, profile);
    write(all);
  }

  void remove(String name) {
    Map<String, Profile> all = all();
    if (all.remove(name) != null) {
      write(all);
    }
  }

  /** Written to a 0600 temporary file and moved over the old one, so no reader sees half. */
  private void write(Map<String, Profile> all) {
    try {
      Path dir = path.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp =
          Files.createTempFile(
              dir,
              ".config-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      ObjectNode profiles = Api.JSON.createObjectNode();
      all.forEach(
          (name, p) ->
              profiles
                  .putObject(name)
                  .put("url", p.url())
                  .put("token", p.token())
                  .put("tokenId", p.tokenId())
                  .put("username", p.username()));
      ObjectNode file = Api.JSON.createObjectNode();
      file.set("profiles", profiles);
      Files.writeString(tmp, Api.JSON.writePretty(file));
      try {
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new LocalError("cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
