package dev.coffer.crypto.primitive;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs an outside program for the interoperability tests. A missing program skips the test with a
 * reason, except under {@code CI=true}, where it fails.
 */
public final class ExternalTool {

  /** What a run printed (stdout and stderr together) and how it ended. */
  public record Result(int exitCode, String output) {}

  private ExternalTool() {}

  public static void require(Path program, String debianPackage) {
    if (Files.isExecutable(program)) {
      return;
    }
    missing(program + " is missing (Debian package " + debianPackage + ")");
  }

  /** Skips the test for {@code reason}, or fails it under {@code CI=true}. */
  public static void missing(String reason) {
    if ("true".equals(System.getenv("CI"))) {
      fail(reason + ", and CI=true requires it");
    }
    Assumptions.abort(reason);
  }

  public static Result run(Path workDir, String... command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(new ArrayList<>(List.of(command)))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in 60 s");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  /** Runs and fails the test, showing the output, unless the program exits 0. */
  public static String runOk(Path workDir, String... command)
      throws IOException, InterruptedException {
    Result result = run(workDir, command);
    if (result.exitCode() != 0) {
      fail(String.join(" ", command) + " exited " + result.exitCode() + ": " + result.output());
    }
    return result.output();
  }
}
