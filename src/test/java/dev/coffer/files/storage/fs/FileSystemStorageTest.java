package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.StorageContractTest;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
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

  @Test
  void listWhenFolderIsLargeThenAPageReadsTheDigestsOfItsOwnEntriesOnly() throws IOException {
    Path big = Files.createDirectories(root.resolve("homes/alice/big"));
    // Hard links to one file: twenty times faster to make than as many files.
    Path seed = Files.writeString(root.resolve("seed"), "x");
    for (int i = 0; i < 20_000; i++) {
      Files.createLink(big.resolve(String.format("f%05d", i)), seed);
    }
    Files.createDirectories(big.resolve("f10000.d/inner"));
    FileSystemStorage fs = (FileSystemStorage) storage;
    // By name (one way), and by a key (the other; size and time share it), flat and recursive.
    for (ListOptions.Sort sort : List.of(ListOptions.Sort.NAME, ListOptions.Sort.SIZE)) {
      for (boolean recursive : new boolean[] {false, true}) {
        long before = fs.digests().reads();
        ListOptions first = new ListOptions(sort, recursive, 100, null, recursive);
        Listing page = storage.list(ALICE, p("big"), first);
        ListOptions second = new ListOptions(sort, recursive, 100, page.nextCursor(), recursive);
        Listing next = storage.list(ALICE, p("big"), second);
        assertThat(page.entries()).hasSize(100);
        assertThat(next.entries()).hasSize(100).doesNotContainAnyElementsOf(page.entries());
        assertThat(fs.digests().reads() - before)
            .as("digests read for two pages of 100 by %s, recursive %s", sort, recursive)
            .isLessThanOrEqualTo(200);
      }
    }
  }

  @Test
  void listWhenModifiedTimesTieThenPagedByNameWithinTheTie() throws IOException {
    FileTime same = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    FileTime later = FileTime.from(Instant.parse("2026-06-01T00:00:00Z"));
    for (String name : List.of("e", "b", "d", "a", "c", "z")) {
      write(ALICE, "t/" + name, bytes(3));
      Files.setLastModifiedTime(root.resolve("homes/alice/t/" + name), same);
    }
    Files.setLastModifiedTime(root.resolve("homes/alice/t/a"), later);
    ListOptions first = new ListOptions(ListOptions.Sort.MODIFIED, false, 2, null, false);
    assertThat(paths(allPages(ALICE, p("t"), first)))
        .containsExactly("t/b", "t/c", "t/d", "t/e", "t/z", "t/a");
    ListOptions backwards = new ListOptions(ListOptions.Sort.MODIFIED, true, 4, null, false);
    assertThat(paths(allPages(ALICE, p("t"), backwards)))
        .containsExactly("t/a", "t/z", "t/e", "t/d", "t/c", "t/b");
  }

  @Test
  void walkLeavesOutLinksAndNamesThatAreNoPaths() throws IOException {
    write(ALICE, "w/good", bytes(1));
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "secret");
    Path w = root.resolve("homes/alice/w");
    Files.createSymbolicLink(w.resolve("dirlink"), outside);
    Files.createSymbolicLink(w.resolve("filelink"), outside.resolve("secret"));
    Files.writeString(w.resolve("bad\nname"), "x");
    assertThat(walk(ALICE, p("w")).seen).containsExactly("w/good");
  }

  @Test
  void walkWhenBackendUsesTheDefaultThenSameEntriesAndContentAsItsOwnWalk() throws IOException {
    write(ALICE, "w/0/first", bytes(10));
    for (int i = 0; i < 1500; i++) { // more than one page of the default's listing; on disk (fast)
      Path folder = Files.createDirectories(root.resolve("homes/alice/w/" + (i % 3)));
      Files.write(folder.resolve("f" + i), bytes(i % 50));
    }
    Storage real = storage;
    Storage byDefault =
        (Storage)
            Proxy.newProxyInstance(
                Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                  try {
                    return method.isDefault()
                        ? InvocationHandler.invokeDefault(proxy, method, args)
                        : method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    Walked own = walk(ALICE, p("w"));
    storage = byDefault;
    Walked paged = walk(ALICE, p("w"));
    assertThat(paged.seen).hasSize(1504).containsExactlyInAnyOrderElementsOf(own.seen);
    assertThat(paged.contents).containsOnlyKeys(own.contents.keySet());
    own.contents.forEach((path, bytes) -> assertThat(paged.contents.get(path)).isEqualTo(bytes));
  }
}
