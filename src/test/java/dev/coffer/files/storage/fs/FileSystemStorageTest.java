package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.StorageContractTest;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemStorageTest extends StorageContractTest {

  private static final ExecutorService HASHERS = Executors.newCachedThreadPool();

  @TempDir Path root;

  @Override
  protected Storage newStorage() throws IOException {
    return new FileSystemStorage(root, HASHERS);
  }

  @AfterAll
  static void stopHashers() {
    HASHERS.shutdownNow();
  }

  @Test
  void startWhenStagingHasLeftoversThenSwept() throws IOException {
    Path leftover = Files.writeString(root.resolve("tmp").resolve("crashed.part"), "half");
    Files.createDirectories(root.resolve("tmp/crashed.copy/sub"));
    new FileSystemStorage(root, HASHERS);
    assertThat(root.resolve("tmp")).isEmptyDirectory();
    assertThat(leftover).doesNotExist();
  }

  @Test
  void writeWhenAbortedThenStagingEmpty() {
    assertThatThrownBy(
            () ->
                storage.write(ALICE, p("f"), new FailingStream(3_000_000), WriteOptions.replace()))
        .isInstanceOf(IOException.class);
    assertThat(root.resolve("tmp")).isEmptyDirectory();
    assertThat(root.resolve("homes/alice/f")).doesNotExist();
  }

  @Test
  void digestTravelsWithTheFileThroughMoves() throws IOException {
    byte[] content = bytes(1234);
    write(ALICE, "a", content);
    storage.move(ALICE, p("a"), p("d/b"), false, space);
    assertThat(storage.stat(ALICE, p("d/b")).sha256()).isEqualTo(sha256(content));
  }

  @Test
  void symbolicLinksInAHomeAreRefused() throws IOException {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "secret");
    write(ALICE, "keep", bytes(1));
    Path home = root.resolve("homes/alice");
    Files.createSymbolicLink(home.resolve("dirlink"), outside);
    Files.createSymbolicLink(home.resolve("filelink"), outside.resolve("secret"));
    for (String path : new String[] {"dirlink/secret", "filelink", "dirlink"}) {
      assertThatThrownBy(() -> storage.open(ALICE, p(path)))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.UNSAFE_PATH));
      assertThatThrownBy(() -> write(ALICE, path, bytes(2))).isInstanceOf(StorageException.class);
      assertThatThrownBy(() -> storage.delete(ALICE, p(path), true))
          .isInstanceOf(StorageException.class);
    }
    assertThat(names(storage.list(ALICE, StoragePath.ROOT, recursive()))).containsExactly("keep");
    assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("secret");
    assertThat(outside).isDirectoryNotContaining(p -> !p.getFileName().toString().equals("secret"));
  }

  @Test
  void listWhenNamesOnDiskAreNotValidPathsThenLeftOut() throws IOException {
    write(ALICE, "good", bytes(1));
    Path home = root.resolve("homes/alice");
    Files.writeString(home.resolve("bad\nname"), "x");
    Files.writeString(home.resolve("cafe\u0301"), "x");
    Files.createDirectories(home.resolve("dir\u202e").resolve("inner"));
    assertThat(names(storage.list(ALICE, StoragePath.ROOT, recursive()))).containsExactly("good");
    assertThat(names(storage.list(ALICE, StoragePath.ROOT, ListOptions.firstPage(10))))
        .containsExactly("good");
  }
}
