package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file-system backend under hostile timing: many requests on one tree at once, and folders
 * swapped for symbolic links while requests walk them.
 */
class FileSystemStorageRaceTest {

  private static final String ALICE = "alice";

  /** What the loser of a race may be told; anything else (an IOException above all) is a 500. */
  private static final Set<Reason> RACE_LOSSES =
      EnumSet.of(
          Reason.NOT_FOUND,
          Reason.ALREADY_EXISTS,
          Reason.NOT_EMPTY,
          Reason.NOT_A_FOLDER,
          Reason.IS_A_FOLDER);

  @TempDir Path root;
  private ExecutorService pool;
  private FileSystemStorage storage;
  private final SpaceReservation space = SpaceReservation.unlimited();

  @BeforeEach
  void open() throws IOException {
    pool = Executors.newCachedThreadPool();
    storage = new FileSystemStorage(root, pool);
  }

  @AfterEach
  void close() throws IOException {
    pool.shutdownNow();
    storage.close();
  }

  @Test
  void copyMoveDeleteAndListOnOneTreeAtOnceThenOnlyRaceRefusalsAndNoLeftovers() throws Exception {
    int threads = 6;
    int rounds = 300;
    Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    AtomicInteger refusals = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Random random = new Random(t);
      workers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < rounds; i++) {
                  try {
                    randomOperation(random);
                  } catch (StorageException e) {
                    if (RACE_LOSSES.contains(e.reason())) {
                      refusals.incrementAndGet();
                    } else {
                      unexpected.add(e);
                    }
                  } catch (Throwable e) {
                    unexpected.add(e);
                  }
                }
                return null;
              }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    assertThat(unexpected).isEmpty();
    assertThat(refusals.get()).as("the operations really raced").isPositive();
    assertThat(root.resolve("tmp")).isEmptyDirectory();
    // The tree is still whole enough to walk and reports what is on disk.
    assertThat(storage.list(ALICE, StoragePath.ROOT, ListOptions.firstPage(1000))).isNotNull();
  }

  private static final String[] FOLDERS = {"t/a", "t/a/b", "t/c", "t/d", "t/c/b"};
  private static final String[] FILES = {"t/a/f", "t/a/b/f", "t/c/f", "t/d/g"};

  private void randomOperation(Random random) throws IOException {
    String folder = FOLDERS[random.nextInt(FOLDERS.length)];
    String other = FOLDERS[random.nextInt(FOLDERS.length)];
    String file = FILES[random.nextInt(FILES.length)];
    boolean overwrite = random.nextBoolean();
    switch (random.nextInt(10)) {
      case 0 -> storage.mkdirs(ALICE, p(folder));
      case 1, 2 ->
          storage.write(
              ALICE,
              p(file),
              new ByteArrayInputStream(new byte[random.nextInt(20_000)]),
              WriteOptions.replace());
      case 3 -> storage.delete(ALICE, p(folder), true);
      case 4 -> storage.delete(ALICE, p(random.nextBoolean() ? file : folder), false);
      case 5 -> transfer(folder, other, overwrite, true);
      case 6 -> transfer(folder, other, overwrite, false);
      case 7 -> transfer(file, FILES[random.nextInt(FILES.length)], overwrite, false);
      case 8 ->
          storage.list(
              ALICE, p("t"), new ListOptions(ListOptions.Sort.NAME, false, 1000, null, true));
      default -> {
        try (OpenFile open = storage.open(ALICE, p(file))) {
          open.stream(ByteRange.all(open.info().size())).readAllBytes();
        }
      }
    }
  }

  private void transfer(String from, String to, boolean overwrite, boolean move)
      throws IOException {
    StoragePath source = p(from);
    StoragePath target = p(to);
    if (source.contains(target) || target.contains(source)) {
      return; // refused before touching anything: not a race
    }
    if (move) {
      storage.move(ALICE, source, target, overwrite, space);
    } else {
      storage.copy(ALICE, source, target, overwrite, space);
    }
  }

  @Test
  void folderSwappedForALinkWhileUploadsAndMkdirsRunThenNothingEverLandsOutside() throws Exception {
    Path outside = Files.createDirectories(root.resolve("outside"));
    storage.mkdirs(ALICE, p("d/inner"));
    Path home = root.resolve("homes").resolve(ALICE);
    Path folder = home.resolve("d");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger swaps = new AtomicInteger();
    Future<?> swapper =
        pool.submit(
            () -> {
              for (int n = 0; !stop.get(); n++) {
                // Clients may make a new d while the old one is parked: then it stays parked.
                Path parked = home.resolve("parked" + n);
                try {
                  Files.move(folder, parked);
                } catch (IOException e) {
                  continue;
                }
                try {
                  Files.createSymbolicLink(folder, outside);
                  swaps.incrementAndGet();
                  Thread.onSpinWait();
                  Files.delete(folder);
                } catch (FileAlreadyExistsException e) {
                  // a client made a new d first
                }
                try {
                  Files.move(parked, folder);
                } catch (IOException e) {
                  // likewise
                }
              }
              return null;
            });
    Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    List<Future<?>> clients = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int client = t;
      clients.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 400; i++) {
                  String name = "c" + client + "-" + i;
                  try {
                    switch (i % 4) {
                      case 0 -> storage.mkdirs(ALICE, p("d/" + name + "/deeper"));
                      case 1 -> storage.mkdirs(ALICE, p("d/inner/" + name));
                      case 2 ->
                          storage.write(
                              ALICE,
                              p("d/" + name),
                              new ByteArrayInputStream(new byte[100]),
                              WriteOptions.replace());
                      default ->
                          storage.write(
                              ALICE,
                              p("d/inner/" + name + "/f"),
                              new ByteArrayInputStream(new byte[100]),
                              WriteOptions.replace());
                    }
                  } catch (StorageException e) {
                    // Refused (a link on the way) or raced: fine, as long as nothing escaped.
                  } catch (Throwable e) {
                    unexpected.add(e);
                  }
                }
                return null;
              }));
    }
    for (Future<?> client : clients) {
      client.get();
    }
    stop.set(true);
    swapper.get();
    assertThat(swaps.get()).as("the folder really was swapped").isPositive();
    assertThat(unexpected).isEmpty();
    try (Stream<Path> escaped = Files.walk(outside)) {
      assertThat(escaped.filter(p -> !p.equals(outside))).isEmpty();
    }
  }

  @Test
  void startWhenPartialsFolderIsALinkThenRefused() throws IOException {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Path other = Files.createDirectories(root.resolve("other"));
    Files.createSymbolicLink(other.resolve("partials"), outside);
    assertThatThrownBy(() -> new FileSystemStorage(other, pool))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a folder");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void partialsWhenOwnersFolderIsALinkThenRefusedAndNothingOutside() throws IOException {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.createSymbolicLink(root.resolve("partials").resolve(ALICE), outside);
    assertThatThrownBy(() -> storage.partials().create(ALICE, "upload1"))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSAFE_PATH));
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void copyOrMoveFolderOntoNonEmptyFolderThenNotEmptyEveryTime() throws IOException {
    storage.mkdirs(ALICE, p("src/sub"));
    storage.write(
        ALICE, p("dst/keep"), new ByteArrayInputStream(new byte[3]), WriteOptions.replace());
    for (boolean move : new boolean[] {true, false}) {
      assertThatThrownBy(
              () -> {
                if (move) {
                  storage.move(ALICE, p("src"), p("dst"), true, space);
                } else {
                  storage.copy(ALICE, p("src"), p("dst"), true, space);
                }
              })
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_EMPTY));
    }
    assertThat(storage.stat(ALICE, p("dst/keep")).size()).isEqualTo(3);
    assertThat(storage.stat(ALICE, p("src/sub")).folder()).isTrue();
    assertThat(root.resolve("tmp")).isEmptyDirectory();
  }

  private static StoragePath p(String path) {
    return StoragePath.parse(path);
  }
}
