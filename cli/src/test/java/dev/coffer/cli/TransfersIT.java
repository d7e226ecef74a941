package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class TransfersIT {

  @TempDir Path dir;
  Server server;
  Server.User user;
  Cli cli;

  @BeforeEach
  void signIn() throws Exception {
    server = Server.get();
    user = server.newUser(null);
    cli = Cli.as(dir, server, user);
  }

  static Path randomFile(Path file, long size, long seed) throws Exception {
    Random random = new Random(seed);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    return file;
  }

  @Test
  void putRecursiveWhenRunAgainThenSendsOnlyChangedFiles() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("site/css"));
    Files.writeString(dir.resolve("site/index.html"), "<h1>hi</h1>");
    Files.writeString(tree.resolve("a.css"), "a{}");
    Files.createDirectories(dir.resolve("site/empty"));

    JsonNode first = cli.run("put", "-r", dir.resolve("site").toString(), "www", "--json").json();
    assertThat(first.path("uploaded")).hasSize(2);
    assertThat(cli.run("stat", "www/empty").exit()).as("empty folders too").isZero();

    Files.writeString(tree.resolve("a.css"), "a{color:red}");
    JsonNode dry =
        cli.run("put", "-r", dir.resolve("site").toString(), "www", "--dry-run", "--json").json();
    assertThat(dry.path("uploaded")).hasSize(1);
    assertThat(cli.run("cat", "www/css/a.css").out())
        .as("a dry run sends nothing")
        .isEqualTo("a{}");

    JsonNode second = cli.run("put", "-r", dir.resolve("site").toString(), "www", "--json").json();
    assertThat(second.path("uploaded"))
        .extracting(JsonNode::asString)
        .containsExactly("/www/css/a.css");
    assertThat(second.path("unchanged"))
        .extracting(JsonNode::asString)
        .containsExactly("/www/index.html");
    assertThat(cli.run("cat", "www/css/a.css").out()).isEqualTo("a{color:red}");

    Path back = dir.resolve("back");
    JsonNode got = cli.run("get", "-r", "www", back.toString(), "--json").json();
    assertThat(got.path("downloaded")).hasSize(2);
    assertThat(Files.readString(back.resolve("css/a.css"))).isEqualTo("a{color:red}");
    assertThat(back.resolve("empty")).isDirectory();
    JsonNode again = cli.run("get", "-r", "www", back.toString(), "--json").json();
    assertThat(again.path("downloaded")).isEmpty();
    assertThat(again.path("unchanged")).hasSize(2);
  }

  @Test
  void putWhenConnectionCutThenNextRunResumesWithoutResending() throws Exception {
    long size = 48L << 20;
    Path file = randomFile(dir.resolve("big.bin"), size, 1);
    try (CuttingProxy proxy = new CuttingProxy(server.port)) {
      cli.env.put("COFFER_URL", proxy.url());
      proxy.cutAfterUpload(20L << 20);
      Cli.Run cut = cli.run("put", file.toString(), "big.bin", "--retries", "0");
      assertThat(cut.exit()).as(cut.toString()).isEqualTo(8);
      assertThat(cut.err()).contains("broke");

      long before = proxy.up.get();
      Cli.Run resumed = cli.run("put", file.toString(), "big.bin", "--retries", "0", "--json");
      assertThat(resumed.exit()).as(resumed.toString()).isZero();
      long sent = proxy.up.get() - before;
      assertThat(sent).as("only the rest was sent").isLessThan(size - (8L << 20));
      assertThat(resumed.json().path("sha256").asString()).isEqualTo(Sha256.of(file));
    }
  }

  @Test
  void putWhenServerHoldsMoreThanItsHeadSaidThenAsksAgainAndFinishes() throws Exception {
    long size = 24L << 20;
    Path file = randomFile(dir.resolve("late.bin"), size, 3);
    try (CuttingProxy proxy = new CuttingProxy(server.port)) {
      cli.env.put("COFFER_URL", proxy.url());
      proxy.cutAfterUpload(8L << 20);
      Cli.Run cut = cli.run("put", file.toString(), "late.bin", "--retries", "0");
      assertThat(cut.exit()).as(cut.toString()).isEqualTo(8);

      // the next HEAD reports 0: the PATCH from 0 is refused (409 offset-conflict) and the client
      // must ask again and go on, not fail, even with --retries 0
      proxy.understateNextOffset();
      long before = proxy.up.get();
      Cli.Run resumed = cli.run("put", file.toString(), "late.bin", "--retries", "0", "--json");
      assertThat(resumed.exit()).as(resumed.toString()).isZero();
      assertThat(proxy.up.get() - before).as("the same upload went on").isLessThan(size);
      assertThat(resumed.json().path("sha256").asString()).isEqualTo(Sha256.of(file));
    }
  }

  @Test
  void putWhenCutWithRetriesThenSameRunFinishes() throws Exception {
    Path file = randomFile(dir.resolve("r.bin"), 24L << 20, 2);
    try (CuttingProxy proxy = new CuttingProxy(server.port)) {
      cli.env.put("COFFER_URL", proxy.url());
      proxy.cutAfterUpload(10L << 20);
      Cli.Run r = cli.run("put", file.toString(), "r.bin", "--json");
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.json().path("sha256").asString()).isEqualTo(Sha256.of(file));
    }
  }

  @Test
  void getWhenConnectionCutThenNextRunResumesAndVerifies() throws Exception {
    long size = 32L << 20;
    Path file = randomFile(dir.resolve("src.bin"), size, 3);
    assertThat(cli.run("put", file.toString(), "dl.bin").exit()).isZero();
    Path target = dir.resolve("dl.bin");
    try (CuttingProxy proxy = new CuttingProxy(server.port)) {
      cli.env.put("COFFER_URL", proxy.url());
      proxy.cutAfterDownload(12L << 20);
      Cli.Run cut = cli.run("get", "dl.bin", target.toString());
      assertThat(cut.exit()).as(cut.toString()).isEqualTo(8);
      assertThat(target).as("nothing appears before it is complete").doesNotExist();
      assertThat(Downloader.partOf(target)).exists();

      long before = proxy.down.get();
      Cli.Run resumed = cli.run("get", "dl.bin", target.toString());
      assertThat(resumed.exit()).as(resumed.toString()).isZero();
      assertThat(resumed.err()).contains("resumed at byte");
      assertThat(proxy.down.get() - before).isLessThan(size - (8L << 20));
    }
    assertThat(Sha256.of(target)).isEqualTo(Sha256.of(file));
    assertThat(Downloader.partOf(target)).doesNotExist();
  }

  @Test
  void catWhenConnectionCutThenExitEightAndSaysWhere() throws Exception {
    long size = 8L << 20;
    Path file = randomFile(dir.resolve("src.bin"), size, 4);
    assertThat(cli.run("put", file.toString(), "cat.bin").exit()).isZero();
    try (CuttingProxy proxy = new CuttingProxy(server.port)) {
      cli.env.put("COFFER_URL", proxy.url());
      proxy.cutAfterDownload(2L << 20);
      Cli.Run cut = cli.run("cat", "cat.bin");
      assertThat(cut.exit()).as(cut.toString()).isEqualTo(8);
      assertThat(cut.err()).contains("/cat.bin: the download broke off");
      assertThat((long) cut.out().length()).isLessThan(size);
    }
  }

  /** A download of {@code remote} cut after its first MiB: its part and ETag stay beside it. */
  private void leaveAPart(String remote, Path target) throws Exception {
    try (CuttingProxy proxy = new CuttingProxy(server.port)) {
      cli.env.put("COFFER_URL", proxy.url());
      proxy.cutAfterDownload(1L << 20);
      assertThat(cli.run("get", remote, target.toString()).exit()).isEqualTo(8);
    } finally {
      cli.env.put("COFFER_URL", server.url);
    }
    assertThat(Downloader.partOf(target)).exists();
  }

  @Test
  void getWhenPartialIsOfAnOlderVersionThenStartsAgain() throws Exception {
    Path v1 = randomFile(dir.resolve("v1"), 4L << 20, 4);
    Path v2 = randomFile(dir.resolve("v2"), 4L << 20, 5);
    cli.run("put", v1.toString(), "doc.bin");
    Path target = dir.resolve("doc.bin");
    leaveAPart("doc.bin", target);
    cli.run("put", v2.toString(), "doc.bin");
    assertThat(cli.run("get", "doc.bin", target.toString()).exit()).isZero();
    assertThat(Sha256.of(target)).isEqualTo(Sha256.of(v2));
  }

  @Test
  void getWhenThePartAlreadyHoldsEveryByteThenStartsAgainAndVerifies() throws Exception {
    Path file = randomFile(dir.resolve("whole"), 4L << 20, 6);
    cli.run("put", file.toString(), "whole.bin");
    Path target = dir.resolve("whole.bin");
    leaveAPart("whole.bin", target);
    // as a run stopped between its last byte and the rename leaves it: a Range from the end is
    // unsatisfiable (416), and the next run must not fail on it
    Files.copy(file, Downloader.partOf(target), StandardCopyOption.REPLACE_EXISTING);

    Cli.Run r = cli.run("get", "whole.bin", target.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Sha256.of(target)).isEqualTo(Sha256.of(file));
    assertThat(Downloader.partOf(target)).doesNotExist();
  }

  @Test
  void getWhenBytesDoNotMatchTheServersDigestThenNoFileAndExitOne() throws Exception {
    Path file = randomFile(dir.resolve("d.bin"), 1L << 20, 10);
    assertThat(cli.run("put", file.toString(), "damaged.bin").exit()).isZero();
    // damage the stored bytes behind the server's back: its recorded SHA-256 no longer fits
    Path stored = server.storage.resolve("homes").resolve(user.name()).resolve("damaged.bin");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(stored.toFile(), "rw")) {
      f.seek(1000);
      int b = f.read();
      f.seek(1000);
      f.write(b ^ 1);
    }
    Path target = dir.resolve("damaged.bin");
    Cli.Run r = cli.run("get", "damaged.bin", target.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("does not match");
    assertThat(target).doesNotExist();
    assertThat(Downloader.partOf(target)).doesNotExist();
  }

  @Test
  void putAndGetWhenOneGibibyteThenIntactInA64MibHeap() throws Exception {
    long size = 1L << 30;
    Path file = randomFile(dir.resolve("gib.bin"), size, 6);
    Cli.Run put = cli.process("64m", "", "put", file.toString(), "gib.bin", "--json");
    assertThat(put.exit()).as(put.toString()).isZero();
    assertThat(put.err())
        .containsPattern("upload gib.bin: 1073741824 bytes in [0-9.]+ s, [0-9.]+ MB/s");
    Path back = dir.resolve("gib.back");
    Cli.Run get = cli.process("64m", "", "get", "gib.bin", back.toString());
    assertThat(get.exit()).as(get.toString()).isZero();
    assertThat(get.err()).containsPattern("download gib.bin: 1073741824 bytes in");
    assertThat(Files.mismatch(file, back)).isEqualTo(-1);
    Files.delete(file);
    Files.delete(back);
    cli.run("rm", "gib.bin");
  }
}
