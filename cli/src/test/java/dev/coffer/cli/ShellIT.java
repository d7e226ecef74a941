package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellIT {

  @TempDir Path dir;

  @Test
  void shellWhenFedTheConsoleClientsWordsThenRunsThemInTheCurrentFolder() throws Exception {
    Server server = Server.get();
    Cli cli = Cli.as(dir, server, server.newUser(null));
    Path local = Files.writeString(dir.resolve("notes.txt"), "seed");
    Path back = dir.resolve("back.txt");
    String script =
        String.join(
            "\n",
            "MKDIR projects/2025",
            "cd projects",
            "pwd",
            "UPLOAD " + local + " 2025/notes.txt",
            "LIST 2025",
            "DOWNLOAD 2025/notes.txt " + back,
            "DELETE 2025/notes.txt",
            "RMDIR 2025",
            "cd ..",
            "key create legacy -t fernet --exportable",
            "gk legacy",
            "cd nowhere",
            "pwd",
            "exit",
            "ls this-never-runs");
    Cli.Run r = cli.process("64m", script + "\n", "shell");
    assertThat(r.out()).contains("/projects\n").contains("notes.txt");
    assertThat(r.out().lines().filter(l -> l.matches("[A-Za-z0-9_-]{43}="))).hasSize(1);
    assertThat(r.out()).endsWith("/\n");
    assertThat(r.err()).contains("nowhere").doesNotContain("this-never-runs");
    assertThat(Files.readString(back)).isEqualTo("seed");
    assertThat(cli.run("ls", "projects", "--json").json()).isEmpty();
  }
}
