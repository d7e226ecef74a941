package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class CryptoCommandsIT {

  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void signIn() throws Exception {
    Server server = Server.get();
    cli = Cli.as(dir, server, server.newUser(null));
  }

  @Test
  void encryptDecryptWhenTextFromArgumentStdinOrFileThenRoundTrips() throws Exception {
    assertThat(cli.run("key", "create", "k").exit()).isZero();
    String ct = cli.run("encrypt", "k", "hello world").out().strip();
    assertThat(ct).startsWith("coffer:v1:");
    assertThat(cli.run("decrypt", "k", ct).out()).isEqualTo("hello world");

    String fromStdin = cli.runWithInput("piped text", "encrypt", "k").out().strip();
    assertThat(cli.runWithInput(fromStdin, "decrypt", "k").out()).isEqualTo("piped text");

    Path msg = Files.writeString(dir.resolve("m.txt"), "from a file");
    String fromFile = cli.run("encrypt", "k", "@" + msg).out().strip();
    assertThat(cli.run("decrypt", "k", fromFile).out()).isEqualTo("from a file");

    String bound = cli.run("encrypt", "k", "order", "--aad", "order-42").out().strip();
    assertThat(cli.run("decrypt", "k", bound).exit()).as("without the aad").isEqualTo(7);
    assertThat(cli.run("decrypt", "k", bound, "--aad", "order-42").out()).isEqualTo("order");
  }

  @Test
  void seedWordsWhenFernetKeyThenEnDeGkWork() throws Exception {
    cli.run("key", "create", "legacy", "-t", "fernet", "--exportable");
    String token = cli.run("en", "legacy", "hi").out().strip();
    assertThat(token).startsWith("gAAAAA");
    assertThat(cli.run("de", "legacy", token).out()).isEqualTo("hi");
    assertThat(cli.run("key", "export", "legacy").out().strip()).hasSize(44);
  }

  @Test
  void keyCommandsWhenUsedThenJsonShowsSettings() throws Exception {
    assertThat(cli.run("key", "create", "orders", "-t", "chacha20-poly1305").exit()).isZero();
    assertThat(cli.run("key", "rotate", "orders", "--json").json().path("latestVersion").asInt())
        .isEqualTo(2);
    JsonNode set =
        cli.run("key", "set", "orders", "--min-decryption-version", "2", "--json").json();
    assertThat(set.path("minDecryptionVersion").asInt()).isEqualTo(2);
    assertThat(cli.run("key", "ls", "--json").json())
        .extracting(k -> k.path("name").asString())
        .contains("orders");
    assertThat(cli.run("key", "show", "orders").out()).contains("version 2");
    Cli.Run export = cli.run("key", "export", "orders");
    assertThat(export.exit()).as("not exportable").isEqualTo(3);

    assertThat(cli.run("key", "rm", "orders").exit()).isEqualTo(5);
    assertThat(cli.run("key", "rm", "orders", "--force").exit()).isZero();
    assertThat(cli.run("key", "show", "orders").exit()).isEqualTo(4);
  }

  @Test
  void keyImportWhenRawAesKeyThenUsable() throws Exception {
    Cli.Run r =
        cli.run(
            "key",
            "import",
            "byok",
            "-t",
            "aes256-gcm",
            "--key",
            java.util.Base64.getEncoder().encodeToString(new byte[32]));
    assertThat(r.exit()).as(r.toString()).isZero();
    String ct = cli.run("encrypt", "byok", "x").out().strip();
    assertThat(cli.run("decrypt", "byok", ct).out()).isEqualTo("x");
  }

  @Test
  void signVerifyHmacWhenValidOrNotThenExitCodesTell() throws Exception {
    cli.run("key", "create", "release", "-t", "ed25519");
    String sig = cli.run("sign", "release", "v1.0").out().strip();
    assertThat(cli.run("verify", "release", sig, "v1.0").exit()).isZero();
    Cli.Run bad = cli.run("verify", "release", sig, "v1.1");
    assertThat(bad.exit()).isEqualTo(9);
    assertThat(bad.out()).contains("NOT valid");

    cli.run("key", "create", "mac");
    String mac = cli.run("hmac", "mac", "data").out().strip();
    assertThat(cli.run("verify", "mac", mac, "data", "--hmac").exit()).isZero();
  }

  @Test
  void signWhenFileLargerThanAJsonBodyThenStreamsAndVerifies() throws Exception {
    cli.run("key", "create", "big-ec", "-t", "ecdsa-p256");
    Path file = TransfersIT.randomFile(dir.resolve("large.bin"), 5L << 20, 8);
    Cli.Run sign = cli.run("sign", "big-ec", "--in", file.toString());
    assertThat(sign.exit()).as(sign.toString()).isZero();
    String sig = sign.out().strip();
    assertThat(sig).startsWith("coffer:v1:");
    assertThat(cli.run("verify", "big-ec", sig, "--in", file.toString()).exit()).isZero();
    Path other = TransfersIT.randomFile(dir.resolve("other.bin"), 5L << 20, 9);
    assertThat(cli.run("verify", "big-ec", sig, "--in", other.toString()).exit()).isEqualTo(9);
  }

  @Test
  void randomAndHashWhenAskedThenPrintValues() {
    assertThat(cli.run("random", "16", "--hex").out().strip()).matches("[0-9a-f]{32}");
    assertThat(cli.run("hash", "abc").out().strip())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(cli.run("hash", "abc", "-a", "sha3-256", "--json").json().path("sum").asString())
        .hasSize(64);
  }

  @Test
  void streamsWhenFileTamperedThenDecryptFailsAndLeavesNoOutput() throws Exception {
    cli.run("key", "create", "s");
    Path plain = TransfersIT.randomFile(dir.resolve("p.bin"), 3L << 20, 7);
    Path sealed = dir.resolve("p.cofs");
    Path opened = dir.resolve("p.out");
    assertThat(cli.run("encrypt", "s", "--in", plain.toString(), "--out", sealed.toString()).exit())
        .isZero();
    assertThat(
            cli.run("decrypt", "s", "--in", sealed.toString(), "--out", opened.toString()).exit())
        .isZero();
    assertThat(Files.mismatch(plain, opened)).isEqualTo(-1);

    try (RandomAccessFile f = new RandomAccessFile(sealed.toFile(), "rw")) {
      f.seek(2_000_000);
      int b = f.read();
      f.seek(2_000_000);
      f.write(b ^ 1);
    }
    Path tampered = dir.resolve("t.out");
    Cli.Run r = cli.run("decrypt", "s", "--in", sealed.toString(), "--out", tampered.toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("was not written");
    assertThat(tampered).doesNotExist();
    assertThat(Downloader.partOf(tampered)).doesNotExist();
  }
}
