package dev.coffer.files.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.coffer.UpstreamFailure;
import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.StorageContractTest;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import dev.coffer.support.S3ProxyProcess;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The storage contract on a real S3 server (S3Proxy), and what only S3 has: parts, uploads. */
class S3StorageTest extends StorageContractTest {

  private static final int PART = S3Fixture.PART;

  @AutoClose private final S3Fixture fixture = new S3Fixture();
  private final String prefix = fixture.prefix;

  @Override
  protected Storage newStorage() {
    return fixture.open();
  }

  @Test
  void writeWhenLargerThanAPartThenMultipartWithTheDigestInASidecarAndNoCopy() throws IOException {
    byte[] content = bytes(2 * PART + 12345);
    Written w = write(ALICE, "big.bin", content);
    assertThat(w.info().sha256()).isEqualTo(sha256(content));
    assertThat(storage.stat(ALICE, p("big.bin")).sha256()).isEqualTo(sha256(content));
    assertThat(read(ALICE, "big.bin")).isEqualTo(content);
    assertThat(uploadsLeft()).isEmpty();
    assertWrittenOnceWithItsDigestBeside("big.bin", w, content);
  }

  /** No copy onto itself put the digest into the object's metadata: a sidecar holds it. */
  private void assertWrittenOnceWithItsDigestBeside(String name, Written w, byte[] content)
      throws IOException {
    var object = s3().bucket().head(prefix + "homes/alice/" + name);
    assertThat(object.metadata()).doesNotContainKey(S3Storage.SHA256);
    var sidecar = s3().bucket().head(prefix + "sums/alice/" + name);
    assertThat(sidecar.metadata())
        .containsEntry(S3Storage.SHA256, sha256(content))
        .containsEntry(DigestSidecars.OF_ETAG, w.info().etag());
    assertThat(w.info().etag()).isEqualTo(ObjectInfos.unquote(object.eTag()));
  }

  @Test
  void writeWhenCutOffAfterSomePartsThenUploadAbortedAndNothingLeft() throws IOException {
    write(ALICE, "f", bytes(10));
    assertThatThrownBy(
            () ->
                storage.write(
                    ALICE, p("f"), new FailingStream(3L * PART + 7), WriteOptions.replace()))
        .isInstanceOf(IOException.class);
    assertThat(read(ALICE, "f")).isEqualTo(bytes(10));
    assertThat(uploadsLeft()).isEmpty();
    assertThat(keys()).containsExactly(prefix + "homes/alice/f");
  }

  @Test
  void writeWhenDigestMismatchAfterPartsThenAbortedAndNothingLeft() throws IOException {
    WriteOptions wrong = WriteOptions.replace().withExpectedSha256(sha256(bytes(1)));
    assertThatThrownBy(() -> storage.write(ALICE, p("g"), in(bytes(PART + 1)), wrong))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    assertThat(uploadsLeft()).isEmpty();
  }

  @Test
  void writeWhenLengthAnnouncedThenOnePutWrittenOnceWithTheDigestInASidecar() throws IOException {
    byte[] content = bytes(2 * PART + 12345);
    Written w =
        storage.write(
            ALICE,
            p("one.bin"),
            in(content),
            WriteOptions.replace().withExpectedSize(content.length));
    assertThat(w.info().etag()).doesNotContain("-"); // a multipart upload's etag ends in -parts
    assertThat(w.info().sha256()).isEqualTo(sha256(content));
    assertThat(storage.stat(ALICE, p("one.bin")).sha256()).isEqualTo(sha256(content));
    try (OpenFile open = storage.open(ALICE, p("one.bin"))) {
      assertThat(open.info().sha256()).isEqualTo(sha256(content));
    }
    assertThat(read(ALICE, "one.bin")).isEqualTo(content);
    assertThat(uploadsLeft()).isEmpty();
    assertWrittenOnceWithItsDigestBeside("one.bin", w, content);
  }

  @Test
  void copyAndMoveWhenTheDigestIsInASidecarThenTheNewFilesCarryItInTheirMetadata()
      throws IOException {
    byte[] content = bytes(PART + 7);
    storage.write(
        ALICE, p("c.bin"), in(content), WriteOptions.replace().withExpectedSize(content.length));
    storage.mkdirs(ALICE, p("dir"));
    storage.copy(ALICE, p("c.bin"), p("dir/copy.bin"), false, space);
    storage.move(ALICE, p("c.bin"), p("moved.bin"), false, space);
    storage.copy(ALICE, p("moved.bin"), p("dir/big.bin"), false, space);
    storage.move(ALICE, p("dir"), p("dir2"), false, space);
    storage.copy(ALICE, p("dir2"), p("dir3"), false, space);
    for (String name : List.of("moved.bin", "dir2/copy.bin", "dir2/big.bin", "dir3/big.bin")) {
      assertThat(storage.stat(ALICE, p(name)).sha256()).as(name).isEqualTo(sha256(content));
      assertThat(s3().bucket().head(prefix + "homes/alice/" + name).metadata())
          .as(name)
          .containsEntry(S3Storage.SHA256, sha256(content));
    }
    assertThat(read(ALICE, "dir3/big.bin")).isEqualTo(content);
    assertThat(keys()).noneMatch(k -> k.startsWith(prefix + "sums/"));
  }

  @Test
  void folderMoveWhenItHoldsFilesWithSidecarsThenTheirDigestsGoAlong() throws IOException {
    byte[] one = bytes(PART + 1);
    byte[] two = bytes(PART + 2);
    storage.write(ALICE, p("f/one"), in(one), WriteOptions.replace().withExpectedSize(one.length));
    storage.write(ALICE, p("f/sub/two"), in(two), WriteOptions.replace());
    storage.move(ALICE, p("f"), p("g"), false, space);
    assertThat(storage.stat(ALICE, p("g/one")).sha256()).isEqualTo(sha256(one));
    assertThat(storage.stat(ALICE, p("g/sub/two")).sha256()).isEqualTo(sha256(two));
    assertThat(keys()).noneMatch(k -> k.startsWith(prefix + "sums/"));
  }

  @Test
  void statWhenTheSidecarDescribesAnotherVersionOfTheFileThenItIsNotBelieved() throws IOException {
    byte[] content = bytes(PART + 5);
    storage.write(
        ALICE, p("s.bin"), in(content), WriteOptions.replace().withExpectedSize(content.length));
    // another version written by other means (no digest in its metadata): the sidecar's etag no
    // longer matches, so its digest would be wrong for these bytes
    s3().bucket().put(prefix + "homes/alice/s.bin", bytes(3), 3, java.util.Map.of());
    assertThat(storage.stat(ALICE, p("s.bin")).sha256()).isNull();
    try (OpenFile open = storage.open(ALICE, p("s.bin"))) {
      assertThat(open.info().sha256()).isNull();
    }
    // a write through the storage puts the new digest where it is believed
    Written again = write(ALICE, "s.bin", bytes(9));
    assertThat(storage.stat(ALICE, p("s.bin")).sha256())
        .isEqualTo(sha256(bytes(9)))
        .isEqualTo(again.info().sha256());
  }

  @Test
  void deleteWhenAFileOrFolderHasSidecarsThenTheyGoToo() throws IOException {
    byte[] content = bytes(PART + 9);
    for (String name : List.of("x.bin", "d/y.bin", "d/e/z.bin")) {
      storage.write(
          ALICE, p(name), in(content), WriteOptions.replace().withExpectedSize(content.length));
    }
    storage.delete(ALICE, p("x.bin"), false);
    assertThat(keys()).doesNotContain(prefix + "sums/alice/x.bin");
    storage.delete(ALICE, p("d"), true);
    assertThat(keys()).noneMatch(k -> k.startsWith(prefix + "sums/"));
    storage.write(
        ALICE, p("w.bin"), in(content), WriteOptions.replace().withExpectedSize(content.length));
    storage.deleteOwner(ALICE);
    assertThat(keys()).isEmpty();
  }

  @Test
  void writeWhenLengthAndDigestAnnouncedThenOnePutWithTheDigest() throws IOException {
    byte[] content = bytes(PART + 1);
    WriteOptions announced =
        WriteOptions.replace()
            .withExpectedSize(content.length)
            .withExpectedSha256(sha256(content).toUpperCase(java.util.Locale.ROOT));
    Written w = storage.write(ALICE, p("d.bin"), in(content), announced);
    assertThat(w.info().sha256()).isEqualTo(sha256(content));
    assertThat(storage.stat(ALICE, p("d.bin")).sha256()).isEqualTo(sha256(content));
    assertThat(read(ALICE, "d.bin")).isEqualTo(content);
  }

  @Test
  void writeWhenAnnouncedLengthCutOffBeforeTheLastByteThenNothingStoredAndOldKept()
      throws IOException {
    write(ALICE, "f", bytes(10));
    WriteOptions length = WriteOptions.replace().withExpectedSize(3L * PART + 1);
    assertThatThrownBy(() -> storage.write(ALICE, p("f"), new FailingStream(3L * PART), length))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
    assertThat(read(ALICE, "f")).isEqualTo(bytes(10));
    eventually(() -> assertThat(keys()).containsExactly(prefix + "homes/alice/f"));
  }

  @Test
  void writeWhenAnnouncedLengthAndDigestMismatchThenNothingStored() throws IOException {
    WriteOptions wrong =
        WriteOptions.replace().withExpectedSize(PART + 1).withExpectedSha256(sha256(bytes(1)));
    assertThatThrownBy(() -> storage.write(ALICE, p("g"), in(bytes(PART + 1)), wrong))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    eventually(() -> assertThat(keys()).isEmpty());
  }

  @Test
  void writeWhenMoreContentThanAnnouncedThenNothingStored() throws IOException {
    WriteOptions length = WriteOptions.replace().withExpectedSize(PART + 1);
    assertThatThrownBy(() -> storage.write(ALICE, p("g"), in(bytes(PART + 2)), length))
        .isInstanceOf(IOException.class)
        .hasMessage("more content than announced");
    eventually(() -> assertThat(keys()).isEmpty());
  }

  @Test
  void writeWhenAnnouncedLengthAndCreateOnlyButAFileIsThereThenRefusedAndKept() throws IOException {
    write(ALICE, "f", bytes(10));
    WriteOptions create = WriteOptions.createOnly().withExpectedSize(PART + 1);
    assertThatThrownBy(() -> storage.write(ALICE, p("f"), in(bytes(PART + 1)), create))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS));
    assertThat(read(ALICE, "f")).isEqualTo(bytes(10));
  }

  @Test
  void rangeWhenReadFromTheMiddleOfAPartedFileThenThoseBytes() throws IOException {
    byte[] content = bytes(PART + 100);
    write(ALICE, "f", content);
    try (OpenFile file = storage.open(ALICE, p("f"));
        var in = file.stream(new ByteRange(PART - 10, 50))) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, PART - 10, PART + 40));
    }
  }

  @Test
  void keysStayUnderThePrefixAndTheOwnersHome() throws IOException {
    write(ALICE, "a/b.txt", bytes(3));
    storage.mkdirs(BOB, p("empty"));
    assertThat(keys())
        .containsExactlyInAnyOrder(
            prefix + "homes/alice/a/b.txt", prefix + "homes/bob/", prefix + "homes/bob/empty/");
    assertThat(storage.stat(BOB, p("empty")).folder()).isTrue();
    assertThat(names(storage.list(BOB, StoragePath.ROOT, recursive()))).containsExactly("empty");
  }

  @Test
  void listWhenPagedByNameThenEveryEntryOnceFromTheBucketsOwnPages() throws IOException {
    for (String name : List.of("a", "a.txt", "b0", "c")) {
      write(ALICE, "d/" + name, bytes(1));
    }
    write(ALICE, "d/b/inner", bytes(1));
    storage.mkdirs(ALICE, p("d/b/deeper"));
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      var page =
          storage.list(
              ALICE, p("d"), new ListOptions(ListOptions.Sort.NAME, false, 2, cursor, false));
      assertThat(page.entries()).hasSizeLessThanOrEqualTo(2);
      page.entries().forEach(e -> seen.add(e.name() + (e.folder() ? "/" : "")));
      cursor = page.nextCursor();
    } while (cursor != null);
    // key order: a folder sorts with its slash
    assertThat(seen).containsExactly("a", "a.txt", "b/", "b0", "c");
    assertThatThrownBy(
            () ->
                storage.list(
                    ALICE,
                    p("d"),
                    new ListOptions(ListOptions.Sort.NAME, false, 2, "bogus", false)))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_OPERATION));
  }

  @Test
  void deleteWhenLastFileOfAFolderThenTheFolderStays() throws IOException {
    write(ALICE, "d/only", bytes(3));
    storage.delete(ALICE, p("d/only"), false);
    assertThat(storage.stat(ALICE, p("d")).folder()).isTrue();
  }

  @Test
  void requestWhenServerDiesThenUpstreamFailureAndNoObject() throws IOException {
    try (S3ProxyProcess own = S3ProxyProcess.start()) {
      Storage s3 = fixture.open(own.endpoint(), S3ProxyProcess.BUCKET, "", S3Fixture.credentials());
      s3.write(ALICE, p("kept"), in(bytes(10)), WriteOptions.replace());
      own.stop();
      assertThatThrownBy(() -> s3.write(ALICE, p("f"), in(bytes(PART + 1)), WriteOptions.replace()))
          .isInstanceOf(UpstreamFailure.class);
      assertThatThrownBy(() -> s3.stat(ALICE, p("kept"))).isInstanceOf(UpstreamFailure.class);
    }
  }

  @Test
  void connectWhenNothingListensThenStartRefusedNamingTheEndpoint() {
    URI closed = URI.create("http://127.0.0.1:" + S3ProxyProcess.freePort());
    assertThatThrownBy(
            () ->
                S3Connector.connect(
                    S3Fixture.properties(closed, "coffer", ""), S3Fixture.credentials()))
        .isInstanceOfSatisfying(
            S3SettingException.class,
            e -> assertThat(e.setting()).isEqualTo("coffer.storage.s3.endpoint"));
  }

  @Test
  void connectWhenBucketMissingThenStartRefusedNamingTheBucket() {
    URI endpoint = S3ProxyProcess.shared().endpoint();
    assertThatThrownBy(
            () ->
                S3Connector.connect(
                    S3Fixture.properties(endpoint, "no-such-bucket", ""), S3Fixture.credentials()))
        .isInstanceOfSatisfying(
            S3SettingException.class,
            e -> assertThat(e.setting()).isEqualTo("coffer.storage.s3.bucket"));
  }

  @Test
  void connectWhenCredentialsWrongThenStartRefusedNamingThem() {
    URI endpoint = S3ProxyProcess.shared().endpoint();
    StaticCredentialsProvider wrong =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("nobody", "wrong"));
    assertThatThrownBy(
            () -> S3Connector.connect(S3Fixture.properties(endpoint, "coffer", ""), wrong))
        .isInstanceOfSatisfying(
            S3SettingException.class, e -> assertThat(e.setting()).contains("AWS_ACCESS_KEY_ID"));
  }

  @Test
  void copyInPartsWhenTheSourceSpansSeveralPartsThenTheCopyIsWholeWithItsMetadata()
      throws IOException {
    byte[] content = bytes(2 * PART + 123);
    String from = prefix + "homes/alice/big.bin";
    s3().bucket().put(from, content, content.length, java.util.Map.of("note", "kept"));
    String to = prefix + "homes/alice/copy.bin";
    String etag = PartCopy.copy(s3().bucket(), from, to, content.length, null, PART);
    var copied = s3().bucket().head(to);
    assertThat(copied.metadata()).containsEntry("note", "kept");
    assertThat(ObjectInfos.unquote(copied.eTag())).isEqualTo(etag).endsWith("-3");
    try (var in = s3().bucket().get(to, null, null)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    String replaced = prefix + "homes/alice/replaced.bin";
    PartCopy.copy(
        s3().bucket(), from, replaced, content.length, java.util.Map.of("other", "new"), PART);
    assertThat(s3().bucket().head(replaced).metadata())
        .containsEntry("other", "new")
        .doesNotContainKey("note");
    assertThat(uploadsLeft()).isEmpty();
  }

  @Test
  void copyInPartsWhenAPartFailsThenTheUploadIsAbortedAndNothingIsThere() throws IOException {
    String from = prefix + "homes/alice/small.bin";
    s3().bucket().put(from, bytes(PART + 1), PART + 1, java.util.Map.of());
    String to = prefix + "homes/alice/copy.bin";
    // a size beyond the source's: the range of the second part is not there to copy
    assertThatThrownBy(() -> PartCopy.copy(s3().bucket(), from, to, 3L * PART, null, PART))
        .isInstanceOf(IOException.class);
    assertThat(s3().bucket().head(to)).isNull();
    assertThat(uploadsLeft()).isEmpty();
    assertThatThrownBy(
            () -> PartCopy.copy(s3().bucket(), prefix + "homes/alice/none", to, 1, null, PART))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  /**
   * S3Proxy (jclouds' file-system store) writes a PUT to {@code <key>-<uuid>} and removes that when
   * it notices the body ended short, which may be just after the client has heard of the failure.
   */
  private static void eventually(ThrowingRunnable assertion) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(assertion);
  }

  private List<String> keys() throws IOException {
    return fixture.keys();
  }

  private S3Storage s3() {
    return (S3Storage) storage;
  }

  private List<String> uploadsLeft() throws IOException {
    return fixture.uploadsLeft();
  }
}
