package dev.coffer.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Runs the client as a user would: in this JVM through its entry point (fast, for most tests), or
 * as the real executable jar in its own JVM. Each instance has its own config and cache folders.
 */
final class Cli {

  record Run(int exit, String out, String err) {
    JsonNode json() {
      return Api.JSON.readTree(out);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  final Map<String, String> env = new HashMap<>();
  final Path home;

  Cli(Path home) throws IOException {
    this.home = home;
    env.put("XDG_CONFIG_HOME", Files.createDirectories(home.resolve("config")).toString());
    env.put("XDG_CACHE_HOME", Files.createDirectories(home.resolve("cache")).toString());
  }

  static Cli as(Path home, Server server, Server.User user) throws IOException {
    Cli cli = new Cli(home);
    cli.env.put("COFFER_URL", server.url);
    cli.env.put("COFFER_TOKEN", user.token());
    return cli;
  }

  Run run(String... args) {
    return runWithInput("", args);
  }

  Run runWithInput(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Coffer(
                Map.copyOf(env),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new Coffer.Session())
            .execute(args);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The packaged executable in a JVM of its own, with the given heap. */
  Run process(String heap, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Server.javaBin());
    command.add("-Xmx" + heap);
    command.add("-jar");
    command.add(System.getProperty("coffer.cli.jar", "target/coffer-cli.jar"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("the client did not finish: " + String.join(" ", args));
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
