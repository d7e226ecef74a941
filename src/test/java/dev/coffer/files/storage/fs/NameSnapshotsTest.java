package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.cluster.SharedLocks;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cursor pages by name from snapshots of large folders' names, against pages without them. */
class NameSnapshotsTest {

  private static final ExecutorService HASHERS = Executors.newCachedThreadPool();
  private static final String ALICE = "alice";
  private static final StoragePath BIG = StoragePath.parse("big");

  @TempDir Path root;
  private FileSystemStorage cached;
  private FileSystemStorage plain;
  private Path big;

  @BeforeEach
  void folder() throws IOException {
    big = Files.createDirectories(root.resolve("homes").resolve(ALICE).resolve("big"));
    for (int i = 0; i < 5_000; i++) {
      Files.writeString(big.resolve(String.format("f%05d", i)), "x");
    }
    // Names whose order depends on whether the shorter is a folder.
    Files.delete(big.resolve("f00010"));
    Files.createDirectories(big.resolve("f00010"));
    Files.writeString(big.resolve("f00010-a"), "x");
    Files.writeString(big.resolve("f00010.b"), "x");
    Files.createDirectories(big.resolve("f00010 c"));
    Files.writeString(big.resolve("f00010 c-d"), "x");
    settle(big);
    cached = storage(new NameSnapshots(100_000, 100));
    plain = storage(new NameSnapshots(0));
  }

  @AfterEach
  void close() throws IOException {
    cached.close();
    plain.close();
  }

  @AfterAll
  static void stopHashers() {
    HASHERS.shutdownNow();
  }

  private FileSystemStorage storage(NameSnapshots snapshots) throws IOException {
    return new FileSystemStorage(
        root, null, SharedLocks.inProcess(), SharedLocks.inProcess(), HASHERS, snapshots);
  }

  /** Sets the folder's time well before now, out of the window where a snapshot is not trusted. */
  private static void settle(Path folder) throws IOException {
    Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minusSeconds(10)));
  }

  private static ListOptions options(int limit, String cursor, boolean descending) {
    return new ListOptions(ListOptions.Sort.NAME, descending, limit, cursor, false);
  }

  private static List<String> names(Listing listing) {
    return listing.entries().stream().map(e -> e.path().name() + (e.folder() ? "/" : "")).toList();
  }

  private static List<String> all(FileSystemStorage storage, StoragePath at, boolean descending)
      throws IOException {
    List<String> names = new ArrayList<>();
    String cursor = null;
    do {
      Listing page = storage.list(ALICE, at, options(100, cursor, descending));
      names.addAll(names(page));
      cursor = page.nextCursor();
    } while (cursor != null);
    return names;
  }

  @Test
  void pagesWhenCachedThenEveryEntryOnceInTheOrderOfPagesWithoutCache() throws IOException {
    for (boolean descending : new boolean[] {false, true}) {
      List<String> expected = all(plain, BIG, descending);
      List<String> got = all(cached, BIG, descending);
      assertThat(expected).hasSize(5_004);
      assertThat(new HashSet<>(got)).hasSize(5_004);
      assertThat(got).isEqualTo(expected);
    }
    assertThat(plain.snapshots.size()).isZero();
    assertThat(cached.snapshots.size()).isOne();
    assertThat(cached.snapshots.scans.get()).isOne();
  }

  @Test
  void cursorPageWhenSnapshotValidThenNoScan() throws IOException {
    Listing first = cached.list(ALICE, BIG, options(100, null, false));
    Listing second = cached.list(ALICE, BIG, options(100, first.nextCursor(), false));
    assertThat(cached.snapshots.scans.get()).isOne();
    Listing third = cached.list(ALICE, BIG, options(100, second.nextCursor(), false));
    assertThat(cached.snapshots.scans.get()).isOne();
    assertThat(names(third))
        .isEqualTo(names(plain.list(ALICE, BIG, options(100, second.nextCursor(), false))));
  }

  @Test
  void entryAddedOrRemovedBetweenPagesThenShownAsWithoutCache() throws IOException {
    Listing first = cached.list(ALICE, BIG, options(100, null, false));
    Listing second = cached.list(ALICE, BIG, options(100, first.nextCursor(), false));
    Files.writeString(big.resolve("f00250x"), "new");
    Files.delete(big.resolve("f00260"));
    Files.setLastModifiedTime(big, FileTime.from(Instant.now().minusSeconds(5)));
    String cursor = second.nextCursor();
    List<String> third = names(cached.list(ALICE, BIG, options(100, cursor, false)));
    assertThat(third).contains("f00250x").doesNotContain("f00260");
    assertThat(third).isEqualTo(names(plain.list(ALICE, BIG, options(100, cursor, false))));
    assertThat(cached.snapshots.scans.get()).isEqualTo(2);
  }

  /** A change this node makes in the big folder, adding {@code name} there. */
  @FunctionalInterface
  interface Change {
    void make(FileSystemStorage storage, String name) throws IOException;
  }

  static Stream<Arguments> changes() {
    StoragePath elsewhere = StoragePath.parse("elsewhere");
    return Stream.of(
        Arguments.of(
            "write",
            (Change)
                (s, name) ->
                    s.write(
                        ALICE,
                        BIG.child(name),
                        new ByteArrayInputStream(new byte[] {1}),
                        WriteOptions.replace())),
        Arguments.of("mkdir", (Change) (s, name) -> s.mkdirs(ALICE, BIG.child(name))),
        Arguments.of(
            "move",
            (Change)
                (s, name) -> {
                  s.write(
                      ALICE,
                      elsewhere.child(name),
                      new ByteArrayInputStream(new byte[] {1}),
                      WriteOptions.replace());
                  s.move(
                      ALICE,
                      elsewhere.child(name),
                      BIG.child(name),
                      false,
                      SpaceReservation.unlimited());
                }),
        Arguments.of(
            "copy",
            (Change)
                (s, name) ->
                    s.copy(
                        ALICE,
                        BIG.child("f00001"),
                        BIG.child(name),
                        false,
                        SpaceReservation.unlimited())),
        Arguments.of(
            "tus commit",
            (Change)
                (s, name) -> {
                  s.partials().create(ALICE, "upload");
                  s.partials()
                      .append(
                          ALICE,
                          "upload",
                          0,
                          new ByteArrayInputStream(new byte[] {1}),
                          -1,
                          SpaceReservation.unlimited());
                  s.partials()
                      .commit(ALICE, "upload", BIG.child(name), WriteOptions.replace(), null);
                }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void changeByThisNodeWhenSnapshotHeldThenTheNextCursorPageShowsIt(String what, Change change)
      throws IOException {
    Listing first = cached.list(ALICE, BIG, options(100, null, false));
    Listing second = cached.list(ALICE, BIG, options(100, first.nextCursor(), false));
    assertThat(cached.snapshots.size()).isOne();
    change.make(cached, "f00250x");
    String cursor = second.nextCursor();
    List<String> third = names(cached.list(ALICE, BIG, options(100, cursor, false)));
    assertThat(third).anyMatch(name -> name.startsWith("f00250x"));
    assertThat(third).isEqualTo(names(plain.list(ALICE, BIG, options(100, cursor, false))));
    assertThat(cached.snapshots.scans.get()).isEqualTo(2);
  }

  @Test
  void deleteByThisNodeWhenSnapshotHeldThenTheNextCursorPageLeavesItOut() throws IOException {
    Listing first = cached.list(ALICE, BIG, options(100, null, false));
    Listing second = cached.list(ALICE, BIG, options(100, first.nextCursor(), false));
    cached.delete(ALICE, BIG.child("f00260"), false);
    String cursor = second.nextCursor();
    List<String> third = names(cached.list(ALICE, BIG, options(100, cursor, false)));
    assertThat(third).doesNotContain("f00260");
    assertThat(third).isEqualTo(names(plain.list(ALICE, BIG, options(100, cursor, false))));
    assertThat(cached.snapshots.scans.get()).isEqualTo(2);
  }

  @Test
  void fileReplacedByAFolderWhenSnapshotHeldThenSortedAsAFolder() throws IOException {
    Listing first = cached.list(ALICE, BIG, options(3, null, false));
    Listing second = cached.list(ALICE, BIG, options(3, first.nextCursor(), false));
    assertThat(cached.snapshots.size()).isOne();
    cached.delete(ALICE, BIG.child("f00020"), false);
    cached.write(
        ALICE,
        BIG.child("f00020-a"),
        new ByteArrayInputStream(new byte[] {1}),
        WriteOptions.replace());
    cached.mkdirs(ALICE, BIG.child("f00020"));
    String cursor = second.nextCursor();
    List<String> rest = new ArrayList<>();
    do {
      Listing page = cached.list(ALICE, BIG, options(100, cursor, false));
      rest.addAll(names(page));
      cursor = page.nextCursor();
    } while (cursor != null && rest.size() < 200);
    assertThat(rest).containsSubsequence("f00019", "f00020-a", "f00020/", "f00021");
  }

  @Test
  void snapshotWhenTakenJustAfterTheFolderChangedThenNotTrusted() throws IOException {
    Files.setLastModifiedTime(big, FileTime.from(Instant.now().plusSeconds(60)));
    Listing first = cached.list(ALICE, BIG, options(100, null, false));
    Listing second = cached.list(ALICE, BIG, options(100, first.nextCursor(), false));
    assertThat(cached.snapshots.size()).isZero();
    cached.list(ALICE, BIG, options(100, second.nextCursor(), false));
    assertThat(cached.snapshots.scans.get()).isEqualTo(2);
    assertThat(names(second))
        .isEqualTo(names(plain.list(ALICE, BIG, options(100, first.nextCursor(), false))));
  }

  @Test
  void snapshotsWhenBeyondTheBoundThenLeastRecentEvicted() throws IOException {
    Path other = Files.createDirectories(root.resolve("homes").resolve(ALICE).resolve("other"));
    for (int i = 0; i < 3_000; i++) {
      Files.writeString(other.resolve("g" + i), "x");
    }
    settle(other);
    // The big folder's names take about 50 KB packed, the other's about 27 KB: one fits, not both.
    try (FileSystemStorage bounded = storage(new NameSnapshots(60_000, 100))) {
      for (StoragePath at : List.of(BIG, StoragePath.parse("other"))) {
        Listing first = bounded.list(ALICE, at, options(10, null, false));
        bounded.list(ALICE, at, options(10, first.nextCursor(), false));
      }
      assertThat(bounded.snapshots.size()).isOne();
      assertThat(bounded.snapshots.names()).isEqualTo(3_000);
      assertThat(bounded.snapshots.bytes()).isLessThanOrEqualTo(60_000);
    }
  }

  @Test
  void folderWhenLargerThanTheBoundThenNotHeldAndPagesAsWithoutCache() throws IOException {
    try (FileSystemStorage small = storage(new NameSnapshots(1_000, 100))) {
      assertThat(all(small, BIG, false)).isEqualTo(all(plain, BIG, false));
      assertThat(small.snapshots.size()).isZero();
      assertThat(small.snapshots.scans.get()).isOne();
    }
  }

  @Test
  void snapshotWhenOfAnotherOwnerThenNotUsed() {
    NameSnapshots snapshots = new NameSnapshots(10_000, 1);
    FileTime old = FileTime.from(Instant.now().minusSeconds(10));
    Object fileKey = "same";
    snapshots.put(
        new NameSnapshots.Key(ALICE, fileKey),
        new NameSnapshots.Snapshot(packed("a"), old, System.currentTimeMillis()));
    assertThat(snapshots.valid(new NameSnapshots.Key("bob", fileKey), old)).isNull();
    assertThat(snapshots.valid(new NameSnapshots.Key(ALICE, fileKey), old)).isNotNull();
    assertThat(snapshots.valid(new NameSnapshots.Key(ALICE, fileKey), FileTime.fromMillis(0)))
        .isNull();
  }

  private static PackedNames packed(String... names) {
    PackedNames.Builder builder = new PackedNames.Builder(Long.MAX_VALUE);
    for (String name : names) {
      builder.add(name);
    }
    return builder.sorted(name -> false);
  }
}
