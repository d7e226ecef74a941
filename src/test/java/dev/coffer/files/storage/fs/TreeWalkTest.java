package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.TreeVisitor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unordered walks of a home and the rules every walk follows, on a real folder. */
class TreeWalkTest {

  @TempDir Path root;
  private Dir home;

  @BeforeEach
  void tree() throws IOException {
    Files.createDirectories(root.resolve("d/e"));
    Files.writeString(root.resolve("d/e/f"), "deep");
    Files.writeString(root.resolve("top"), "top");
    home = Dir.openTop(root);
  }

  @AfterEach
  void close() throws IOException {
    home.close();
  }

  @Test
  void walkWhenRecursiveThenEveryEntryOnceAndEachFolderBeforeItsEntries() throws IOException {
    List<String> seen = walk(true);
    assertThat(seen).containsExactlyInAnyOrder("d/", "d/e/", "d/e/f", "top");
    assertThat(seen.indexOf("d/")).isLessThan(seen.indexOf("d/e/"));
    assertThat(seen.indexOf("d/e/")).isLessThan(seen.indexOf("d/e/f"));
  }

  @Test
  void walkWhenNotRecursiveThenOnlyTheFoldersOwnEntries() throws IOException {
    assertThat(walk(false)).containsExactlyInAnyOrder("d/", "top");
  }

  @Test
  void walkWhenLinksOrNamesNoPathCanReachThenLeftOut() throws IOException {
    Path outside = Files.createTempDirectory("outside");
    Files.writeString(outside.resolve("secret"), "not yours");
    Files.createSymbolicLink(root.resolve("to-outside"), outside);
    Files.createSymbolicLink(root.resolve("to-top"), root.resolve("top"));
    Files.writeString(root.resolve("50%"), "no URL reaches it");
    Files.writeString(root.resolve("cafe\u0301"), "NFD: its path would name another file");
    assertThat(walk(true)).containsExactlyInAnyOrder("d/", "d/e/", "d/e/f", "top");
  }

  @Test
  void walkForAVisitorWhenContentIsAskedThenTheFilesBytes() throws IOException {
    Map<String, String> contents = new HashMap<>();
    TreeWalk.walk(
        home,
        StoragePath.ROOT,
        new FileInfos()::withoutDigest,
        new TreeVisitor() {
          @Override
          public void folder(FileInfo folder) {
            contents.put(folder.path() + "/", "");
          }

          @Override
          public void file(FileInfo file, Content content) throws IOException {
            try (InputStream in = content.open()) {
              contents.put(file.path().toString(), new String(in.readAllBytes()));
            }
          }
        });
    assertThat(contents)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("d/", "", "d/e/", "", "d/e/f", "deep", "top", "top"));
  }

  @Test
  void walkForAVisitorWhenAFileGoesBeforeItsContentIsAskedThenNotFound() throws IOException {
    List<TreeVisitor.Content> later = new ArrayList<>();
    TreeWalk.walk(
        home,
        StoragePath.ROOT,
        new FileInfos()::withoutDigest,
        new TreeVisitor() {
          @Override
          public void folder(FileInfo folder) {}

          @Override
          public void file(FileInfo file, Content content) throws IOException {
            if (file.path().toString().equals("top")) {
              Files.delete(root.resolve("top"));
              assertThatThrownBy(content::open)
                  .isInstanceOfSatisfying(
                      StorageException.class,
                      e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
              later.add(content);
            }
          }
        });
    assertThat(later).hasSize(1);
  }

  @Test
  void childOrNullWhenTheNameCouldNeverBeAPathThenNull() {
    assertThat(TreeWalk.childOrNull(StoragePath.ROOT, "ok.txt")).hasToString("ok.txt");
    assertThat(TreeWalk.childOrNull(StoragePath.parse("d"), "ok")).hasToString("d/ok");
    assertThat(TreeWalk.childOrNull(StoragePath.ROOT, "50%")).isNull();
    assertThat(TreeWalk.childOrNull(StoragePath.ROOT, "..")).isNull();
    assertThat(TreeWalk.childOrNull(StoragePath.ROOT, "cafe\u0301")).isNull();
  }

  /** Every entry the walk meets, folders with a trailing slash. */
  private List<String> walk(boolean recursive) throws IOException {
    List<String> seen = new ArrayList<>();
    TreeWalk.walk(
        home,
        StoragePath.ROOT,
        recursive,
        (in, name, path, a) -> seen.add(path + (a.isDirectory() ? "/" : "")));
    return seen;
  }
}
