package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileInfosTest {

  @TempDir Path root;
  private final FileInfos infos = new FileInfos();

  @Test
  void ofWhenAFileThenSizeTimeEtagAndDigest() throws IOException {
    Path file = Files.writeString(root.resolve("f"), "12345");
    Digests.write(file, "c".repeat(64));
    FileInfo info = infos.of(StoragePath.parse("d/f"), file, attributes(file));
    assertThat(info.path()).isEqualTo(StoragePath.parse("d/f"));
    assertThat(info.folder()).isFalse();
    assertThat(info.size()).isEqualTo(5);
    assertThat(info.modified()).isEqualTo(Files.getLastModifiedTime(file).toInstant());
    assertThat(info.sha256()).isEqualTo("c".repeat(64));
    assertThat(info.etag()).startsWith("5-");
  }

  @Test
  void ofWhenAFolderThenNoSizeAndNoDigest() throws IOException {
    Path folder = Files.createDirectory(root.resolve("d"));
    FileInfo info = infos.of(StoragePath.parse("d"), folder, attributes(folder));
    assertThat(info.folder()).isTrue();
    assertThat(info.size()).isZero();
    assertThat(info.sha256()).isNull();
  }

  @Test
  void etagWhenTheSameVersionThenTheSameAndWhenReplacedThenAnother() throws IOException {
    Path file = Files.writeString(root.resolve("f"), "same");
    String first = FileInfos.etag(file, attributes(file));
    assertThat(FileInfos.etag(file, attributes(file))).isEqualTo(first);
    Path next = Files.writeString(root.resolve("next"), "same");
    Files.setLastModifiedTime(next, Files.getLastModifiedTime(file));
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    // same size and time, but another file: the identity part of the etag tells them apart
    assertThat(FileInfos.etag(file, attributes(file))).isNotEqualTo(first);
  }

  private static BasicFileAttributes attributes(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }
}
