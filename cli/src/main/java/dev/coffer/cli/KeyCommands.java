package dev.coffer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Named, versioned keys: create, ls, show, rotate, set, export, import, rm. */
@Command(
    name = "key",
    description = "Manage keys.",
    subcommands = {
      KeyCommands.Create.class,
      KeyCommands.Ls.class,
      KeyCommands.Show.class,
      KeyCommands.Rotate.class,
      KeyCommands.Set.class,
      KeyCommands.Export.class,
      KeyCommands.Import.class,
      KeyCommands.Rm.class
    })
final class KeyCommands implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(((Coffer) spec.root().userObject()).out);
  }

  static String path(String name) {
    return "/api/v1/keys/" + new RemotePath(name).url();
  }

  static void print(Coffer c, JsonNode key) {
    if (c.json) {
      c.printJson(key);
      return;
    }
    c.out.printf(
        "%-24s %-18s v%-3d min-decrypt %d  min-encrypt %d%s%s%n",
        Api.text(key, "name"),
        Api.text(key, "type"),
        key.path("latestVersion").asInt(),
        key.path("minDecryptionVersion").asInt(),
        key.path("minEncryptionVersion").asInt(),
        key.path("exportable").asBoolean() ? "  exportable" : "",
        key.path("deletionAllowed").asBoolean() ? "  deletable" : "");
  }

  @Command(name = "create", description = "Create a key.")
  static final class Create extends Cmd {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = {"-t", "--type"},
        defaultValue = "aes256-gcm",
        description =
            "aes256-gcm (default), chacha20-poly1305, fernet, rsa-2048, rsa-3072, rsa-4096,"
                + " ed25519, ecdsa-p256")
    String type;

    @Option(names = "--exportable")
    boolean exportable;

    @Option(names = "--deletion-allowed")
    boolean deletionAllowed;

    @Override
    int run() {
      ObjectNode body =
          api()
              .object()
              .put("name", name)
              .put("type", type)
              .put("exportable", exportable)
              .put("deletionAllowed", deletionAllowed);
      print(coffer(), api().post("/api/v1/keys", body));
      return ExitCodes.OK;
    }
  }

  @Command(name = "ls", description = "List keys.")
  static final class Ls extends Cmd {
    @Override
    int run() {
      JsonNode keys = api().get("/api/v1/keys");
      Coffer c = coffer();
      if (c.json) {
        c.printJson(keys);
      } else {
        keys.forEach(k -> print(c, k));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", description = "A key's settings, versions and public key.")
  static final class Show extends Cmd {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run() {
      JsonNode key = api().get(path(name));
      Coffer c = coffer();
      print(c, key);
      if (!c.json) {
        key.path("versions")
            .forEach(
                v ->
                    c.out.println(
                        "  version " + v.path("version").asInt() + "  " + Api.text(v, "created")));
        String pem = Api.text(key, "publicKey");
        if (pem != null) {
          c.out.print(pem.endsWith("\n") ? pem : pem + "\n");
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "rotate", description = "Add a new latest version.")
  static final class Rotate extends Cmd {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run() {
      print(coffer(), api().post(path(name) + "/rotate", null));
      return ExitCodes.OK;
    }
  }

  @Command(name = "set", description = "Change a key's settings.")
  static final class Set extends Cmd {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--min-decryption-version")
    Integer minDecryption;

    @Option(names = "--min-encryption-version")
    Integer minEncryption;

    @Option(names = "--exportable", description = "Allow export (cannot be taken back).")
    boolean exportable;

    @Option(names = "--deletion-allowed", negatable = true)
    Boolean deletionAllowed;

    @Override
    int run() {
      ObjectNode body = api().object();
      if (minDecryption != null) {
        body.put("minDecryptionVersion", minDecryption);
      }
      if (minEncryption != null) {
        body.put("minEncryptionVersion", minEncryption);
      }
      if (exportable) {
        body.put("exportable", true);
      }
      if (deletionAllowed != null) {
        body.put("deletionAllowed", deletionAllowed);
      }
      print(coffer(), api().json("PATCH", path(name), body));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "export",
      description = "Print key material (only for exportable keys): latest, a version or all.")
  static final class Export extends Cmd {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--version", defaultValue = "latest", description = "latest, N or all")
    String version;

    @Override
    int run() {
      JsonNode exported = api().get(path(name) + "/export?version=" + version);
      Coffer c = coffer();
      JsonNode keys = exported.path("keys");
      if (c.json || keys.size() != 1) {
        c.printJson(exported);
      } else {
        String k = keys.values().iterator().next().asString();
        c.out.print(k.endsWith("\n") ? k : k + "\n");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "import", description = "Bring your own key (base64, Fernet key or PEM).")
  static final class Import extends Cmd {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = {"-t", "--type"},
        required = true)
    String type;

    @Option(names = "--key", description = "The key as text.")
    String key;

    @Option(names = "--file", description = "Read the key from a file (a PEM, say).")
    Path file;

    @Option(names = "--exportable")
    boolean exportable;

    @Override
    int run() throws IOException {
      if ((key == null) == (file == null)) {
        throw new LocalError("give exactly one of --key and --file");
      }
      String material = key != null ? key : Files.readString(file);
      ObjectNode body =
          api()
              .object()
              .put("name", name)
              .put("type", type)
              .put("key", material)
              .put("exportable", exportable);
      print(coffer(), api().post("/api/v1/keys/import", body));
      return ExitCodes.OK;
    }
  }

  @Command(name = "rm", description = "Delete a key (allowed only with deletion-allowed).")
  static final class Rm extends Cmd {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = {"-f", "--force"},
        description = "Set deletion-allowed first.")
    boolean force;

    @Override
    int run() {
      if (force) {
        api().json("PATCH", path(name), api().object().put("deletionAllowed", true));
      }
      api().json("DELETE", path(name), null);
      return ExitCodes.OK;
    }
  }
}
