package dev.coffer.files.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.storage.StorageException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link Storage} backend must show. A backend's test extends this class and
 * supplies a fresh, empty storage; the partial uploads' contract is {@link
 * PartialUploadsContractTest}.
 */
public abstract class StorageContractTest extends StorageFixture {

  @Test
  void writeWhenNewThenCreatedWithSizeAndSha256() throws IOException {
    byte[] content = bytes(300_000);
    Written w = write(ALICE, "docs/a.bin", content);
    assertThat(w.created()).isTrue();
    assertThat(w.info().size()).isEqualTo(content.length);
    assertThat(w.info().sha256()).isEqualTo(sha256(content));
    assertThat(w.info().folder()).isFalse();
    assertThat(storage.stat(ALICE, p("docs")).folder()).isTrue();
    assertThat(read(ALICE, "docs/a.bin")).isEqualTo(content);
    assertThat(space.used.get()).isEqualTo(content.length);
  }

  @Test
  void writeWhenReplacingThenNotCreatedAndUsageCountsOnlyNewContent() throws IOException {
    write(ALICE, "f", bytes(1000));
    Written w = write(ALICE, "f", bytes(10));
    assertThat(w.created()).isFalse();
    assertThat(read(ALICE, "f")).hasSize(10);
    assertThat(space.used.get()).isEqualTo(10);
  }

  @Test
  void writeWhenCreateOnlyAndExistsThenAlreadyExists() throws IOException {
    write(ALICE, "f", bytes(5));
    assertThatThrownBy(() -> storage.write(ALICE, p("f"), in(bytes(7)), WriteOptions.createOnly()))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS));
    assertThat(read(ALICE, "f")).hasSize(5);
  }

  @Test
  void writeWhenIfMatchDiffersThenPreconditionFailed() throws IOException {
    Written first = write(ALICE, "f", bytes(5));
    WriteOptions stale = new WriteOptions(true, "not-" + first.info().etag(), null, -1, -1, null);
    assertThatThrownBy(() -> storage.write(ALICE, p("f"), in(bytes(7)), stale))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PRECONDITION_FAILED));
    WriteOptions current = new WriteOptions(true, first.info().etag(), null, -1, -1, null);
    assertThat(storage.write(ALICE, p("f"), in(bytes(7)), current).info().size()).isEqualTo(7);
  }

  @Test
  void writeWhenDigestDiffersThenNothingStoredAndSpaceReturned() {
    WriteOptions options =
        WriteOptions.replace().withExpectedSha256(sha256(bytes(1))).withSpace(space);
    assertThatThrownBy(() -> storage.write(ALICE, p("f"), in(bytes(100)), options))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    assertThatThrownBy(() -> storage.stat(ALICE, p("f"))).isInstanceOf(StorageException.class);
    assertThat(space.used.get()).isZero();
  }

  @Test
  void writeWhenOverQuotaThenQuotaExceededAndNothingStored() {
    Ledger small = new Ledger(1000);
    WriteOptions options = WriteOptions.replace().withSpace(small);
    assertThatThrownBy(() -> storage.write(ALICE, p("big"), in(bytes(5000)), options))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.QUOTA_EXCEEDED));
    assertThat(small.used.get()).isZero();
    assertThatThrownBy(() -> storage.stat(ALICE, p("big"))).isInstanceOf(StorageException.class);
  }

  @Test
  void writeWhenLargerThanMaxSizeThenTooLargeAndNothingStored() {
    WriteOptions announced = new WriteOptions(true, null, null, 5000, 1000, space);
    assertThatThrownBy(() -> storage.write(ALICE, p("f"), in(bytes(5000)), announced))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    WriteOptions unannounced = new WriteOptions(true, null, null, -1, 1000, space);
    assertThatThrownBy(() -> storage.write(ALICE, p("f"), in(bytes(300_000)), unannounced))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    assertThatThrownBy(() -> storage.stat(ALICE, p("f"))).isInstanceOf(StorageException.class);
    assertThat(space.used.get()).isZero();
  }

  @Test
  void writeWhenStreamFailsMidwayThenOldVersionIntactAndNoTrace() throws IOException {
    write(ALICE, "f", bytes(10));
    InputStream broken = new FailingStream(1_000_000);
    assertThatThrownBy(() -> storage.write(ALICE, p("f"), broken, WriteOptions.replace()))
        .isInstanceOf(IOException.class);
    assertThat(read(ALICE, "f")).isEqualTo(bytes(10));
    assertThat(names(storage.list(ALICE, StoragePath.ROOT, recursive()))).containsExactly("f");
  }

  @Test
  void writeWhenShorterThanAnnouncedThenRefused() {
    WriteOptions options = WriteOptions.replace().withExpectedSize(100);
    assertThatThrownBy(() -> storage.write(ALICE, p("f"), in(bytes(50)), options))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> storage.stat(ALICE, p("f"))).isInstanceOf(StorageException.class);
  }

  @Test
  void homesArePrivate() throws IOException {
    write(ALICE, "secret", bytes(3));
    assertThatThrownBy(() -> storage.stat(BOB, p("secret"))).isInstanceOf(StorageException.class);
    assertThat(storage.list(BOB, StoragePath.ROOT, recursive()).entries()).isEmpty();
  }

  @Test
  void listWhenPagedThenEveryEntryOnceInOrder() throws IOException {
    for (int i = 0; i < 7; i++) {
      write(ALICE, "d/f" + i, bytes(i * 10));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      Listing page =
          storage.list(
              ALICE, p("d"), new ListOptions(ListOptions.Sort.SIZE, true, 3, cursor, false));
      page.entries().forEach(e -> seen.add(e.name()));
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(seen).containsExactly("f6", "f5", "f4", "f3", "f2", "f1", "f0");
  }

  @Test
  void listWhenRecursiveThenWholeTree() throws IOException {
    write(ALICE, "a/b/c.txt", bytes(1));
    write(ALICE, "a/d.txt", bytes(1));
    assertThat(names(storage.list(ALICE, StoragePath.ROOT, recursive())))
        .containsExactly("a", "b", "c.txt", "d.txt");
  }

  @Test
  void listWhenCursorFromAnotherSortThenRefused() throws IOException {
    write(ALICE, "a", bytes(1));
    write(ALICE, "b", bytes(1));
    String cursor = storage.list(ALICE, StoragePath.ROOT, ListOptions.firstPage(1)).nextCursor();
    ListOptions bySize = new ListOptions(ListOptions.Sort.SIZE, false, 1, cursor, false);
    assertThatThrownBy(() -> storage.list(ALICE, StoragePath.ROOT, bySize))
        .isInstanceOf(StorageException.class);
  }

  /** Every sort, order and depth, with ties in size, in pages of 3. */
  static Stream<Arguments> everyListing() {
    return Stream.of(ListOptions.Sort.values())
        .flatMap(
            sort ->
                Stream.of(false, true)
                    .flatMap(
                        descending ->
                            Stream.of(false, true)
                                .map(recursive -> Arguments.of(sort, descending, recursive))));
  }

  @ParameterizedTest(name = "{0} descending={1} recursive={2}")
  @MethodSource("everyListing")
  void listWhenPagedThenEveryEntryExactlyOnceInTheOrder(
      ListOptions.Sort sort, boolean descending, boolean recursive) throws IOException {
    List<String> files = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      files.add("d/f" + i);
    }
    files.addAll(List.of("d/a-b", "d/a.txt", "d/a/x", "d/a/y/z", "d/a0", "d/s/t/u", "d/s/v"));
    for (int i = 0; i < files.size(); i++) {
      write(ALICE, files.get(i), bytes((i % 3) * 10)); // sizes tie in threes
    }
    ListOptions first = new ListOptions(sort, descending, 3, null, recursive);
    List<FileInfo> paged = allPages(ALICE, p("d"), first);

    List<String> expected =
        recursive
            ? List.of(
                "d/f0", "d/f1", "d/f2", "d/f3", "d/f4", "d/f5", "d/f6", "d/f7", "d/f8", "d/f9",
                "d/f10", "d/a-b", "d/a.txt", "d/a", "d/a/x", "d/a/y", "d/a/y/z", "d/a0", "d/s",
                "d/s/t", "d/s/t/u", "d/s/v")
            : List.of(
                "d/f0", "d/f1", "d/f2", "d/f3", "d/f4", "d/f5", "d/f6", "d/f7", "d/f8", "d/f9",
                "d/f10", "d/a-b", "d/a.txt", "d/a", "d/a0", "d/s");
    assertThat(paths(paged)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    assertThat(paged).isSortedAccordingTo(Listings.order(first));
  }

  @Test
  void listByNameThenAFolderSortsAsItsNameFollowedBySlash() throws IOException {
    for (String f : List.of("d/b", "d/a0", "d/a/x", "d/a.txt", "d/a-b", "d/A")) {
      write(ALICE, f, bytes(1));
    }
    ListOptions byName = new ListOptions(ListOptions.Sort.NAME, false, 100, null, false);
    assertThat(paths(storage.list(ALICE, p("d"), byName).entries()))
        .containsExactly("d/A", "d/a-b", "d/a.txt", "d/a", "d/a0", "d/b");
    ListOptions walk = new ListOptions(ListOptions.Sort.NAME, false, 100, null, true);
    assertThat(paths(storage.list(ALICE, p("d"), walk).entries()))
        .containsExactly("d/A", "d/a-b", "d/a.txt", "d/a", "d/a/x", "d/a0", "d/b");
    ListOptions backwards = new ListOptions(ListOptions.Sort.NAME, true, 2, null, true);
    assertThat(paths(allPages(ALICE, p("d"), backwards)))
        .containsExactly("d/b", "d/a0", "d/a/x", "d/a", "d/a.txt", "d/a-b", "d/A");
  }

  @Test
  void listWhenEntriesAddedAndRemovedBetweenPagesThenNextPageStartsAfterTheCursor()
      throws IOException {
    for (String f : List.of("c", "e", "g", "i", "k")) {
      write(ALICE, "d/" + f, bytes(1));
    }
    Listing first = storage.list(ALICE, p("d"), ListOptions.firstPage(2));
    assertThat(paths(first.entries())).containsExactly("d/c", "d/e");
    storage.delete(ALICE, p("d/e"), false); // the cursor's own entry
    storage.delete(ALICE, p("d/i"), false);
    write(ALICE, "d/a", bytes(1)); // before the cursor: not shown
    write(ALICE, "d/f", bytes(1)); // after it: shown
    ListOptions next = new ListOptions(ListOptions.Sort.NAME, false, 2, first.nextCursor(), false);
    Listing second = storage.list(ALICE, p("d"), next);
    assertThat(paths(second.entries())).containsExactly("d/f", "d/g");
    ListOptions last = new ListOptions(ListOptions.Sort.NAME, false, 2, second.nextCursor(), false);
    Listing third = storage.list(ALICE, p("d"), last);
    assertThat(paths(third.entries())).containsExactly("d/k");
    assertThat(third.nextCursor()).isNull();
  }

  @Test
  void listWhenRecursiveCursorFolderRemovedThenResumesWithWhatFollowsIt() throws IOException {
    for (String f : List.of("d/m/1", "d/m/2", "d/m/3", "d/n", "d/o/p")) {
      write(ALICE, f, bytes(1));
    }
    ListOptions first = new ListOptions(ListOptions.Sort.NAME, false, 2, null, true);
    Listing page = storage.list(ALICE, p("d"), first);
    assertThat(paths(page.entries())).containsExactly("d/m", "d/m/1");
    storage.delete(ALICE, p("d/m"), true);
    ListOptions next = new ListOptions(ListOptions.Sort.NAME, false, 10, page.nextCursor(), true);
    assertThat(paths(storage.list(ALICE, p("d"), next).entries()))
        .containsExactly("d/n", "d/o", "d/o/p");
  }

  @Test
  void listWhenPageEndsExactlyAtTheEndThenNoCursor() throws IOException {
    write(ALICE, "d/a", bytes(1));
    write(ALICE, "d/b", bytes(1));
    Listing page = storage.list(ALICE, p("d"), ListOptions.firstPage(2));
    assertThat(page.entries()).hasSize(2);
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void listWhenCursorIsNotOneOfThisListingsThenInvalidOperation() throws IOException {
    write(ALICE, "d/a", bytes(1));
    write(ALICE, "d/b", bytes(1));
    write(ALICE, "e/a", bytes(1));
    write(ALICE, "e/b", bytes(1));
    String ofD = storage.list(ALICE, p("d"), ListOptions.firstPage(1)).nextCursor();
    String recursiveOfD =
        storage
            .list(ALICE, p("d"), new ListOptions(ListOptions.Sort.NAME, false, 1, null, true))
            .nextCursor();
    String forged =
        java.util.Base64.getUrlEncoder()
            .encodeToString("NAME+\n\n../x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    List<ListOptions> wrong =
        List.of(
            new ListOptions(ListOptions.Sort.NAME, false, 1, "garbage!", false),
            new ListOptions(ListOptions.Sort.NAME, false, 1, forged, false),
            new ListOptions(ListOptions.Sort.SIZE, false, 1, ofD, false),
            new ListOptions(ListOptions.Sort.NAME, true, 1, ofD, false),
            new ListOptions(ListOptions.Sort.NAME, false, 1, recursiveOfD, false));
    for (ListOptions options : wrong) {
      assertThatThrownBy(() -> storage.list(ALICE, p("d"), options))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_OPERATION));
    }
    ListOptions otherFolder = new ListOptions(ListOptions.Sort.NAME, false, 1, ofD, false);
    assertThatThrownBy(() -> storage.list(ALICE, p("e"), otherFolder))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_OPERATION));
  }

  @Test
  void walkThenEveryEntryOnceEachFolderBeforeItsEntriesWithTheirContent() throws IOException {
    Map<String, byte[]> written = new HashMap<>();
    for (String f : List.of("w/a", "w/b/c", "w/b/d/e", "w/f/g", "x/outside")) {
      written.put(f, bytes(f.length() * 1000));
      write(ALICE, f, written.get(f));
    }
    Walked walked = walk(ALICE, p("w"));
    List<String> seen = walked.seen;
    Map<String, byte[]> contents = walked.contents;
    assertThat(seen)
        .containsExactlyInAnyOrder("w/a", "w/b/", "w/b/c", "w/b/d/", "w/b/d/e", "w/f/", "w/f/g");
    for (String entry : seen) {
      int slash = entry.lastIndexOf('/', entry.length() - 2);
      String parent = entry.substring(0, slash + 1);
      if (!parent.equals("w/")) {
        assertThat(seen.indexOf(parent)).isLessThan(seen.indexOf(entry));
      }
    }
    assertThat(contents.keySet()).containsExactlyInAnyOrder("w/a", "w/b/c", "w/b/d/e", "w/f/g");
    contents.forEach((path, bytes) -> assertThat(bytes).isEqualTo(written.get(path)));
  }

  @Test
  void walkWhenMissingOrAFileThenRefused() throws IOException {
    write(ALICE, "f", bytes(1));
    TreeVisitor none = new Walked();
    assertThatThrownBy(() -> storage.walk(ALICE, p("missing"), none))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    assertThatThrownBy(() -> storage.walk(ALICE, p("f"), none))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_FOLDER));
    storage.walk(BOB, StoragePath.ROOT, none); // an empty home walks
  }

  @Test
  void mkdirsWhenFileInTheWayThenNotAFolder() throws IOException {
    assertThat(storage.mkdirs(ALICE, p("x/y"))).isTrue();
    assertThat(storage.mkdirs(ALICE, p("x/y"))).isFalse();
    write(ALICE, "x/file", bytes(1));
    assertThatThrownBy(() -> storage.mkdirs(ALICE, p("x/file/z")))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_FOLDER));
  }

  @Test
  void deleteWhenFolderNotEmptyThenNeedsRecursive() throws IOException {
    write(ALICE, "d/a", bytes(40));
    write(ALICE, "d/e/b", bytes(2));
    assertThatThrownBy(() -> storage.delete(ALICE, p("d"), false))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_EMPTY));
    assertThat(storage.delete(ALICE, p("d"), true)).isEqualTo(42);
    assertThatThrownBy(() -> storage.delete(ALICE, StoragePath.ROOT, true))
        .isInstanceOf(StorageException.class);
  }

  @Test
  void moveWhenTargetExistsThenOnlyWithOverwrite() throws IOException {
    write(ALICE, "a", bytes(3));
    write(ALICE, "b", bytes(5));
    assertThatThrownBy(() -> storage.move(ALICE, p("a"), p("b"), false, space))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS));
    FileInfo moved = storage.move(ALICE, p("a"), p("b"), true, space);
    assertThat(moved.size()).isEqualTo(3);
    assertThat(space.used.get()).isEqualTo(3);
  }

  @Test
  void openWhenReplacedOrMovedThenDigestOfTheContentNowThere() throws IOException {
    byte[] first = bytes(64);
    byte[] second = bytes(64);
    second[0] ^= 1;
    write(ALICE, "f", first);
    assertThat(open(ALICE, "f").sha256()).isEqualTo(sha256(first));
    write(ALICE, "f", second);
    assertThat(open(ALICE, "f").sha256()).isEqualTo(sha256(second));
    storage.move(ALICE, p("f"), p("g"), false, space);
    assertThat(open(ALICE, "g").sha256()).isEqualTo(sha256(second));
    write(ALICE, "f", first);
    assertThat(open(ALICE, "f").sha256()).isEqualTo(sha256(first));
  }

  @Test
  void moveWhenFolderIntoItselfThenInvalid() throws IOException {
    storage.mkdirs(ALICE, p("d"));
    assertThatThrownBy(() -> storage.move(ALICE, p("d"), p("d/sub"), false, space))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_OPERATION));
  }

  @Test
  void copyWhenFolderThenWholeTreeAndSpaceCharged() throws IOException {
    write(ALICE, "d/a", bytes(4));
    write(ALICE, "d/e/b", bytes(6));
    FileInfo copy = storage.copy(ALICE, p("d"), p("c"), false, space);
    assertThat(copy.folder()).isTrue();
    assertThat(read(ALICE, "c/e/b")).isEqualTo(bytes(6));
    assertThat(storage.stat(ALICE, p("c/a")).sha256()).isEqualTo(sha256(bytes(4)));
    assertThat(space.used.get()).isEqualTo(20);
  }

  @Test
  void copyWhenOverQuotaThenNothingCopied() throws IOException {
    write(ALICE, "d/a", bytes(400));
    Ledger small = new Ledger(100);
    assertThatThrownBy(() -> storage.copy(ALICE, p("d"), p("c"), false, small))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.QUOTA_EXCEEDED));
    assertThatThrownBy(() -> storage.stat(ALICE, p("c"))).isInstanceOf(StorageException.class);
  }

  @Test
  void openWhenRangeThenOnlyThoseBytes() throws IOException {
    byte[] content = bytes(1000);
    write(ALICE, "f", content);
    try (OpenFile file = storage.open(ALICE, p("f"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(file.transferTo(new ByteRange(10, 5), Channels.newChannel(out))).isEqualTo(5);
      assertThat(out.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(content, 10, 15));
    }
  }

  @Test
  void openWhenReplacedMeanwhileThenOpenedVersionStillReads() throws IOException {
    write(ALICE, "f", bytes(700_000));
    try (OpenFile file = storage.open(ALICE, p("f"))) {
      write(ALICE, "f", bytes(3));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      file.transferTo(ByteRange.all(file.info().size()), Channels.newChannel(out));
      assertThat(out.toByteArray()).isEqualTo(bytes(700_000));
    }
  }

  // ---- helpers ----

  /** Every entry of a listing, page after page. */
  protected List<FileInfo> allPages(String owner, StoragePath folder, ListOptions first)
      throws IOException {
    List<FileInfo> all = new ArrayList<>();
    ListOptions options = first;
    for (int pages = 0; pages < 1000; pages++) {
      Listing page = storage.list(owner, folder, options);
      assertThat(page.entries()).hasSizeLessThanOrEqualTo(options.limit());
      all.addAll(page.entries());
      if (page.nextCursor() == null) {
        return all;
      }
      options =
          new ListOptions(
              first.sort(),
              first.descending(),
              first.limit(),
              page.nextCursor(),
              first.recursive());
    }
    throw new AssertionError("the listing does not end");
  }

  /** Walks a folder, recording what it meets (folders with a trailing slash) and the content. */
  protected Walked walk(String owner, StoragePath folder) throws IOException {
    Walked walked = new Walked();
    storage.walk(owner, folder, walked);
    return walked;
  }

  protected static final class Walked implements TreeVisitor {
    public final List<String> seen = new ArrayList<>();
    public final Map<String, byte[]> contents = new HashMap<>();

    @Override
    public void folder(FileInfo folder) {
      assertThat(folder.folder()).isTrue();
      seen.add(folder.path() + "/");
    }

    @Override
    public void file(FileInfo file, Content content) throws IOException {
      seen.add(file.path().toString());
      try (InputStream in = content.open()) {
        contents.put(file.path().toString(), in.readAllBytes());
      }
    }
  }

  protected static List<String> paths(List<FileInfo> entries) {
    return entries.stream().map(e -> e.path().toString()).toList();
  }

  protected static List<String> names(Listing listing) {
    return listing.entries().stream().map(FileInfo::name).toList();
  }
}
