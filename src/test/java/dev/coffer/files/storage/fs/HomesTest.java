package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Home resolution and confinement: walking a path in a home with no link followed. */
class HomesTest extends Parts.OnFolder {

  @Test
  void folderWhenMissingThenNullUnlessCreatedAndCreatedTellsWhetherThisCallMadeIt()
      throws IOException {
    assertThat(parts.homes.folder("alice", p("a/b"), false)).isNull();
    assertThat(parts.homes.home("alice", false)).isNull();
    boolean[] created = {false};
    try (Dir made = parts.homes.folder("alice", p("a/b"), true, created)) {
      assertThat(made.path()).isEqualTo(parts.home("alice").resolve("a/b"));
    }
    assertThat(created[0]).isTrue();
    try (Dir again = parts.homes.folder("alice", p("a/b"), true, created)) {
      assertThat(again).isNotNull();
    }
    assertThat(created[0]).isFalse();
    assertThat(parts.home("alice").resolve("a/b")).isDirectory();
    assertThat(root.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void folderWhenALinkIsOnTheWayThenUnsafePathAndNothingMadeOutside() throws IOException {
    Path outside = Files.createDirectory(root.resolve("outside"));
    Files.createDirectories(parts.home("alice"));
    Files.createSymbolicLink(parts.home("alice").resolve("link"), outside);
    for (boolean create : new boolean[] {false, true}) {
      assertThatThrownBy(() -> parts.homes.folder("alice", p("link/inner"), create))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSAFE_PATH));
    }
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void homeWhenItIsALinkThenUnsafePath() throws IOException {
    Path outside = Files.createDirectory(root.resolve("outside"));
    Files.createSymbolicLink(parts.home("alice"), outside);
    assertThatThrownBy(() -> parts.homes.home("alice", true))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSAFE_PATH));
  }

  @Test
  void folderWhenAFileIsOnTheWayThenNotAFolder() throws IOException {
    Files.createDirectories(parts.home("alice"));
    Files.writeString(parts.home("alice").resolve("f"), "x");
    assertThatThrownBy(() -> parts.homes.folder("alice", p("f/inner"), true))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_FOLDER));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "..", "Alice", "a/b", "-a", ".hidden"})
  void ownerWhenNotASafeFolderNameThenRefused(String owner) {
    assertThatThrownBy(() -> parts.homes.home(owner, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(root.resolve("homes")).isEmptyDirectory();
  }

  @Test
  void entryWhenAbsentOrALinkThenRefused() throws IOException {
    Files.createDirectories(parts.home("alice"));
    Files.createSymbolicLink(parts.home("alice").resolve("link"), root);
    try (Dir home = parts.homes.home("alice", false)) {
      assertThatThrownBy(() -> Homes.entry(p("absent"), home.statOrNull("absent")))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
      assertThatThrownBy(() -> Homes.entry(p("link"), home.statOrNull("link")))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSAFE_PATH));
    }
  }

  private static StoragePath p(String path) {
    return StoragePath.parse(path);
  }
}
