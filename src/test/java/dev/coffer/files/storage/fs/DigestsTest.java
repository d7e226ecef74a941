package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digest attribute: stored with a file, read back, remembered per file version. */
class DigestsTest {

  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);

  @TempDir Path root;
  private final Digests digests = new Digests();

  @Test
  void writeThenReadGivesTheDigestInLowerCase() throws IOException {
    Path file = Files.writeString(root.resolve("f"), "x");
    Digests.write(file, SHA_A.toUpperCase());
    assertThat(Digests.read(file)).isEqualTo(SHA_A);
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void readWhenNoAttributeOrNoFileThenNull() throws IOException {
    assertThat(Digests.read(Files.writeString(root.resolve("plain"), "x"))).isNull();
    assertThat(Digests.read(root.resolve("absent"))).isNull();
  }

  @Test
  void knownWhenTheFileIsReplacedByRenameThenTheNewVersionsDigest() throws IOException {
    Path file = Files.writeString(root.resolve("f"), "old");
    Digests.write(file, SHA_A);
    assertThat(digests.known(file, attributes(file))).isEqualTo(SHA_A);
    Path next = Files.writeString(root.resolve("next"), "new");
    Digests.write(next, SHA_B);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(digests.known(file, attributes(file))).isEqualTo(SHA_B);
  }

  @Test
  void knownWhenTheSameVersionThenRememberedWithoutReadingAgain() throws IOException {
    Path file = Files.writeString(root.resolve("f"), "x");
    Digests.write(file, SHA_A);
    BasicFileAttributes version = attributes(file);
    assertThat(digests.known(file, version)).isEqualTo(SHA_A);
    // Rewriting the attribute in place is something the storage never does; the remembered
    // value shows the cache answered.
    Digests.write(file, SHA_B);
    assertThat(digests.known(file, version)).isEqualTo(SHA_A);
  }

  private static BasicFileAttributes attributes(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }
}
