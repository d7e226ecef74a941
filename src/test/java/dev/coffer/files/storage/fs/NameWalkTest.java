package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The name-ordered, depth-first walk behind listing pages by name, on a real folder. */
class NameWalkTest {

  @TempDir Path root;
  private Dir home;

  @BeforeEach
  void tree() throws IOException {
    // key order: "a-b" < "a.txt" < "a/" (the folder a) < "b"
    Files.writeString(root.resolve("a-b"), "1");
    Files.writeString(root.resolve("a.txt"), "2");
    Files.createDirectories(root.resolve("a/inner"));
    Files.writeString(root.resolve("a/x"), "3");
    Files.writeString(root.resolve("b"), "4");
    home = Dir.openTop(root);
  }

  @AfterEach
  void close() throws IOException {
    home.close();
  }

  @Test
  void nextWhenRecursiveAscendingThenEachFolderBeforeItsEntriesInKeyOrder() throws IOException {
    assertThat(walk(options(false, true), null, 100))
        .containsExactly("a-b", "a.txt", "a/", "a/inner/", "a/x", "b");
  }

  @Test
  void nextWhenRecursiveDescendingThenEachFolderAfterItsEntries() throws IOException {
    assertThat(walk(options(true, true), null, 100))
        .containsExactly("b", "a/x", "a/inner/", "a/", "a.txt", "a-b");
  }

  @Test
  void nextWhenNotRecursiveThenOnlyTheFoldersOwnEntries() throws IOException {
    assertThat(walk(options(false, false), null, 100)).containsExactly("a-b", "a.txt", "a/", "b");
  }

  @Test
  void nextWhenBatchesHoldOneNameThenEveryEntryStillOnceInOrder() throws IOException {
    assertThat(walk(options(false, true), null, 1))
        .containsExactly("a-b", "a.txt", "a/", "a/inner/", "a/x", "b");
    assertThat(walk(options(true, true), null, 1))
        .containsExactly("b", "a/x", "a/inner/", "a/", "a.txt", "a-b");
  }

  @Test
  void resumeAfterWhenTheCursorsEntryIsGoneThenTheWalkGoesOnAfterIt() throws IOException {
    Files.delete(root.resolve("a.txt"));
    assertThat(walk(options(false, true), file("a.txt"), 100))
        .containsExactly("a/", "a/inner/", "a/x", "b");
    assertThat(walk(options(true, true), file("a.txt"), 100)).containsExactly("a-b");
  }

  @Test
  void resumeAfterWhenTheCursorIsInsideAFolderThenTheRestOfItAndWhatFollows() throws IOException {
    assertThat(walk(options(false, true), folder("a/inner"), 100)).containsExactly("a/x", "b");
    // descending, the folder a comes after its entries
    assertThat(walk(options(true, true), file("a/x"), 100))
        .containsExactly("a/inner/", "a/", "a.txt", "a-b");
  }

  @Test
  void nextWhenALinkOrAnUnnamableNameStandsInTheFolderThenLeftOut() throws IOException {
    Files.createSymbolicLink(root.resolve("a0"), root.resolve("b"));
    Files.writeString(root.resolve("50%"), "unreachable by URL");
    assertThat(walk(options(false, true), null, 100))
        .containsExactly("a-b", "a.txt", "a/", "a/inner/", "a/x", "b");
  }

  /** Every entry of the walk, folders with a trailing slash, taking {@code wanted} at a time. */
  private List<String> walk(ListOptions options, @Nullable FileInfo after, int wanted)
      throws IOException {
    List<String> seen = new ArrayList<>();
    try (NameWalk walk = new NameWalk(home, StoragePath.ROOT, options)) {
      if (after != null) {
        walk.resumeAfter(after);
      }
      for (Found f = walk.next(wanted); f != null; f = walk.next(wanted)) {
        seen.add(f.path() + (f.attributes().isDirectory() ? "/" : ""));
      }
    }
    return seen;
  }

  private static ListOptions options(boolean descending, boolean recursive) {
    return new ListOptions(ListOptions.Sort.NAME, descending, 100, null, recursive);
  }

  private static FileInfo file(String path) {
    return new FileInfo(StoragePath.parse(path), false, 0, Instant.EPOCH, "", null);
  }

  private static FileInfo folder(String path) {
    return new FileInfo(StoragePath.parse(path), true, 0, Instant.EPOCH, "", null);
  }
}
