package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountCommandsIT {

  @TempDir Path dir;

  @Test
  void loginWhenPasswordOnStdinThenTokenKeptOwnerOnlyAndLogoutRevokesIt() throws Exception {
    Server server = Server.get();
    Server.User user = server.newUser(null);
    Cli cli = new Cli(dir);

    Cli.Run login =
        cli.runWithInput(
            user.password() + "\n",
            "login",
            server.url,
            "-u",
            user.name(),
            "--password-stdin",
            "--profile",
            "work");
    assertThat(login.exit()).as(login.toString()).isZero();

    Path config = dir.resolve("config/coffer/config.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(config)).doesNotContain(user.password());
    assertThat(cli.run("whoami", "--profile", "work").out().strip()).isEqualTo(user.name());
    assertThat(cli.run("whoami").exit()).as("the default profile is not signed in").isEqualTo(3);

    String token =
        Api.JSON
            .readTree(java.nio.file.Files.readAllBytes(config))
            .path("profiles")
            .path("work")
            .path("token")
            .asString();
    assertThat(cli.run("logout", "--profile", "work").exit()).isZero();
    Cli revoked = new Cli(dir.resolve("other"));
    revoked.env.put("COFFER_URL", server.url);
    revoked.env.put("COFFER_TOKEN", token);
    Cli.Run after = revoked.run("whoami");
    assertThat(after.exit()).as("the token was revoked on the server").isEqualTo(3);
  }

  @Test
  void loginWhenWrongPasswordThenExitThreeAndNothingKept() throws Exception {
    Server server = Server.get();
    Server.User user = server.newUser(null);
    Cli cli = new Cli(dir);
    Cli.Run r =
        cli.runWithInput("wrong\n", "login", server.url, "-u", user.name(), "--password-stdin");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(dir.resolve("config/coffer/config.json")).doesNotExist();
  }

  @Test
  void loginWhenNoTerminalAndNoPasswordStdinThenRefusesToPrompt() throws Exception {
    Cli.Run r = new Cli(dir).run("login", Server.get().url, "-u", "x");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("--password-stdin");
  }

  @Test
  void environmentWhenUrlAndTokenSetThenNoLoginNeeded() throws Exception {
    Server server = Server.get();
    Server.User user = server.newUser(null);
    Cli cli = Cli.as(dir, server, user);
    assertThat(cli.run("whoami", "--json").json().path("username").asString())
        .isEqualTo(user.name());
  }

  @Test
  void generateCompletionWhenAskedThenBashScriptNamesTheCommands() throws Exception {
    Cli.Run r = new Cli(dir).run("generate-completion");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("complete -F").contains("put").contains("encrypt");
  }

  @Test
  void executableWhenStartedThenPrintsVersionQuickly() throws Exception {
    Cli.Run r = new Cli(dir).process("64m", "", "--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("coffer ");
  }
}
