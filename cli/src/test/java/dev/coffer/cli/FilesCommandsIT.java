package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class FilesCommandsIT {

  @TempDir Path dir;
  Server server;
  Cli cli;

  @BeforeEach
  void signIn() throws Exception {
    server = Server.get();
    cli = Cli.as(dir, server, server.newUser(null));
  }

  @Test
  void putLsStatCatWhenFileUploadedThenListedWithSizeAndDigest() throws Exception {
    Path local = Files.writeString(dir.resolve("report.txt"), "quarterly numbers\n");

    Cli.Run put = cli.run("put", local.toString(), "docs/2025/report.txt", "--json");
    assertThat(put.exit()).as(put.toString()).isZero();
    assertThat(put.json().path("sha256").asString()).isEqualTo(Sha256.of(local));

    Cli.Run ls = cli.run("ls", "docs/2025");
    assertThat(ls.out()).contains("report.txt").contains("18B");
    JsonNode entries = cli.run("ls", "docs", "-R", "--json").json();
    assertThat(entries)
        .extracting(e -> e.path("path").asString())
        .containsExactly("docs/2025", "docs/2025/report.txt");

    JsonNode stat = cli.run("stat", "docs/2025/report.txt", "--json").json();
    assertThat(stat.path("size").asLong()).isEqualTo(18);
    assertThat(stat.path("sha256").asString()).isEqualTo(Sha256.of(local));
    assertThat(stat.path("modified").asString()).endsWith("Z");

    assertThat(cli.run("cat", "docs/2025/report.txt").out()).isEqualTo("quarterly numbers\n");
  }

  @Test
  void putWhenTargetIsFolderThenKeepsLocalName() throws Exception {
    Path local = Files.writeString(dir.resolve("a.txt"), "a");
    cli.run("mkdir", "inbox");
    assertThat(cli.run("put", local.toString(), "inbox").exit()).isZero();
    assertThat(cli.run("stat", "inbox/a.txt").exit()).isZero();

    Path large = Files.writeString(dir.resolve("b.txt"), "over tus");
    assertThat(cli.run("put", "--tus-threshold", "1", large.toString(), "inbox").exit())
        .as("a tus upload refused at its creation goes into the folder too")
        .isZero();
    assertThat(cli.run("cat", "inbox/b.txt").out()).isEqualTo("over tus");
    assertThat(cli.run("put", "--dry-run", local.toString(), "inbox").out())
        .contains("inbox/a.txt");
    assertThat(cli.run("stat", "inbox").exit()).as("the folder is still a folder").isZero();
    assertThat(cli.run("put", local.toString(), "missing/").exit()).isZero();
    assertThat(cli.run("stat", "missing/a.txt").exit()).isZero();
  }

  @Test
  void mvCpRmWhenUsedThenTreeChangesAndConflictsExitFive() throws Exception {
    Path local = Files.writeString(dir.resolve("n.txt"), "note");
    cli.run("put", local.toString(), "a/n.txt");
    cli.run("put", local.toString(), "b/n.txt");

    Cli.Run clash = cli.run("mv", "a/n.txt", "b/n.txt");
    assertThat(clash.exit()).isEqualTo(5);
    assertThat(clash.err()).contains("exists");

    assertThat(cli.run("mv", "-f", "a/n.txt", "b/n.txt").exit()).isZero();
    assertThat(cli.run("cp", "b", "c").exit()).isZero();
    assertThat(cli.run("cat", "c/n.txt").out()).isEqualTo("note");

    Cli.Run folder = cli.run("rm", "c");
    assertThat(folder.exit()).isEqualTo(1);
    assertThat(folder.err()).contains("is a folder");

    Cli.Run dry = cli.run("rm", "-r", "--dry-run", "c", "--json");
    assertThat(dry.json().path("deleted"))
        .extracting(JsonNode::asString)
        .containsExactly("/c/n.txt", "/c");
    assertThat(cli.run("stat", "c/n.txt").exit()).isZero();

    assertThat(cli.run("rm", "-r", "c").exit()).isZero();
    assertThat(cli.run("rm", "b/n.txt").exit()).isZero();
    assertThat(cli.run("rm", "-d", "b").exit()).isZero();
    assertThat(cli.run("ls", "--json").json())
        .extracting(e -> e.path("path").asString())
        .containsExactly("a");
  }

  @Test
  void getWhenRemoteIsAFolderOrMissingThenSaysSoAndWritesNothing() throws Exception {
    Path local = Files.writeString(dir.resolve("x.txt"), "in a box");
    assertThat(cli.run("put", local.toString(), "box/x.txt").exit()).isZero();
    Path here = Files.createDirectories(dir.resolve("here"));
    Path target = here.resolve("got");

    Cli.Run folder = cli.run("get", "box", target.toString());
    assertThat(folder.exit()).as(folder.toString()).isEqualTo(1);
    assertThat(folder.err()).contains("/box is a folder: use -r");
    Cli.Run missing = cli.run("get", "nothing.bin", target.toString());
    assertThat(missing.exit()).as(missing.toString()).isEqualTo(4);
    assertThat(missing.err()).contains("/nothing.bin: no such file or folder");
    try (var left = Files.list(here)) {
      assertThat(left).as("no file, part or folder left behind").isEmpty();
    }

    Files.createDirectories(target);
    assertThat(cli.run("get", "box/x.txt", target.toString()).exit()).isZero();
    assertThat(target.resolve("x.txt"))
        .as("into a local folder, under its own name")
        .hasContent("in a box");
    assertThat(cli.run("get", "-r", "box", dir.resolve("all").toString()).exit()).isZero();
    assertThat(dir.resolve("all/x.txt")).hasContent("in a box");
  }

  @Test
  void statWhenMissingThenExitFourWithDetailOnStderr() {
    Cli.Run r = cli.run("stat", "nothing/here.txt");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.err()).contains("no such file");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void commandWhenUsageWrongThenExitTwo() {
    assertThat(cli.run("mv", "only-one").exit()).isEqualTo(2);
    assertThat(cli.run("frobnicate").exit()).isEqualTo(2);
  }

  @Test
  void duWhenQuotaSetThenShowsUsedAndLeft() throws Exception {
    Cli limited = Cli.as(dir.resolve("q"), server, server.newUser(1_000_000L));
    limited.run("put", Files.writeString(dir.resolve("k.txt"), "x".repeat(1000)).toString(), "k");
    assertThat(limited.run("du").out()).contains("used of").contains("left");
    JsonNode me = limited.run("du", "--json").json();
    assertThat(me.path("usedBytes").asLong()).isEqualTo(1000);
    assertThat(me.path("quotaBytes").asLong()).isEqualTo(1_000_000);
  }

  @Test
  void putWhenOverQuotaThenExitSix() throws Exception {
    Cli limited = Cli.as(dir.resolve("q"), server, server.newUser(100L));
    Path big = Files.write(dir.resolve("big"), new byte[1000]);
    Cli.Run r = limited.run("put", big.toString(), "big");
    assertThat(r.exit()).as(r.toString()).isEqualTo(6);
  }

  @Test
  void zipWhenFolderThenArchiveWritten() throws Exception {
    cli.run("put", Files.writeString(dir.resolve("z.txt"), "zip me").toString(), "z/z.txt");
    Path zip = dir.resolve("z.zip");
    assertThat(cli.run("zip", "z", zip.toString()).exit()).isZero();
    try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
      assertThat(in.getNextEntry().getName()).endsWith("z.txt");
      assertThat(new String(in.readAllBytes())).isEqualTo("zip me");
    }
  }
}
