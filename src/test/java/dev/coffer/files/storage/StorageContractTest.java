package dev.coffer.files.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.storage.StorageException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} backend must show. A backend's test extends this class and
 * supplies a fresh, empty storage.
 */
public abstract class StorageContractTest {

  protected static final String ALICE = "alice";
  protected static final String BOB = "bob";

  protected Storage storage;
  protected Ledger space;

  /** A fresh, empty storage for one test. */
  protected abstract Storage newStorage() throws IOException;

  @BeforeEach
  void setUpStorage() throws IOException {
    storage = newStorage();
    space = new Ledger(Long.MAX_VALUE);
  }

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

  @Test
  void partialWhenAppendedAndCommittedThenAppearsWithDigest() throws IOException {
    byte[] content = bytes(2000);
    storage.createPartial(ALICE, "up1");
    long offset =
        storage.appendPartial(
            ALICE, "up1", 0, in(java.util.Arrays.copyOf(content, 500)), -1, space);
    assertThatThrownBy(() -> storage.appendPartial(ALICE, "up1", 0, in(bytes(1)), -1, space))
        .isInstanceOf(StorageException.class);
    offset =
        storage.appendPartial(
            ALICE, "up1", offset, in(java.util.Arrays.copyOfRange(content, 500, 2000)), -1, space);
    assertThat(storage.partialLength(ALICE, "up1")).isEqualTo(2000);
    assertThat(storage.list(ALICE, StoragePath.ROOT, recursive()).entries()).isEmpty();
    Written w =
        storage.commitPartial(
            ALICE,
            "up1",
            p("done.bin"),
            WriteOptions.replace().withExpectedSha256(sha256(content)),
            null);
    assertThat(w.info().sha256()).isEqualTo(sha256(content));
    assertThat(read(ALICE, "done.bin")).isEqualTo(content);
    assertThatThrownBy(() -> storage.partialLength(ALICE, "up1"))
        .isInstanceOf(StorageException.class);
    assertThat(space.used.get()).isEqualTo(2000);
  }

  @Test
  void truncatePartialWhileAnAppendStreamsThenRefusedAndAfterwardsCutsBack() throws IOException {
    storage.createPartial(ALICE, "t");
    java.util.concurrent.atomic.AtomicReference<Object> during =
        new java.util.concurrent.atomic.AtomicReference<>();
    InputStream body =
        new java.io.FilterInputStream(in(bytes(1000))) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, Math.min(len, 100));
            if (n < 0 && during.get() == null) {
              // The end of the body: the append still holds the partial.
              try {
                storage.truncatePartial(ALICE, "t", 0, space);
                during.set("not refused");
              } catch (StorageException e) {
                during.set(e.reason());
              }
            }
            return n;
          }
        };
    storage.appendPartial(ALICE, "t", 0, body, -1, space);
    assertThat(during.get()).isEqualTo(Reason.PRECONDITION_FAILED);
    assertThat(storage.partialLength(ALICE, "t")).isEqualTo(1000);
    storage.truncatePartial(ALICE, "t", 400, space);
    assertThat(storage.partialLength(ALICE, "t")).isEqualTo(400);
    assertThat(space.used.get()).isEqualTo(400);
  }

  @Test
  void usageCountsFilesAndPartials() throws IOException {
    write(ALICE, "a", bytes(10));
    storage.createPartial(ALICE, "p");
    storage.appendPartial(ALICE, "p", 0, in(bytes(5)), -1, space);
    assertThat(storage.usage(ALICE)).isEqualTo(15);
    storage.deleteOwner(ALICE);
    assertThat(storage.usage(ALICE)).isZero();
  }

  // ---- helpers ----

  protected Written write(String owner, String path, byte[] content) throws IOException {
    return storage.write(owner, p(path), in(content), WriteOptions.replace().withSpace(space));
  }

  protected FileInfo open(String owner, String path) throws IOException {
    try (OpenFile file = storage.open(owner, p(path))) {
      return file.info();
    }
  }

  protected byte[] read(String owner, String path) throws IOException {
    try (OpenFile file = storage.open(owner, p(path));
        InputStream in = file.stream(ByteRange.all(file.info().size()))) {
      return in.readAllBytes();
    }
  }

  protected static StoragePath p(String path) {
    return StoragePath.parse(path);
  }

  protected static InputStream in(byte[] content) {
    return new ByteArrayInputStream(content);
  }

  protected static ListOptions recursive() {
    return new ListOptions(ListOptions.Sort.NAME, false, 1000, null, true);
  }

  protected static List<String> names(Listing listing) {
    return listing.entries().stream().map(FileInfo::name).toList();
  }

  protected static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  protected static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A quota kept in memory, for tests. */
  protected static final class Ledger implements SpaceReservation {
    final AtomicLong used = new AtomicLong();
    private final long quota;

    Ledger(long quota) {
      this.quota = quota;
    }

    @Override
    public synchronized boolean tryReserve(long bytes) {
      if (used.get() + bytes > quota) {
        return false;
      }
      used.addAndGet(bytes);
      return true;
    }

    @Override
    public synchronized void release(long bytes) {
      used.addAndGet(-bytes);
    }
  }

  /** Delivers some bytes, then fails like a dropped connection. */
  protected static final class FailingStream extends InputStream {
    private long left;

    public FailingStream(long before) {
      this.left = before;
    }

    @Override
    public int read() throws IOException {
      if (left-- <= 0) {
        throw new IOException("connection reset");
      }
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        throw new IOException("connection reset");
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 'x');
      left -= n;
      return n;
    }
  }
}
