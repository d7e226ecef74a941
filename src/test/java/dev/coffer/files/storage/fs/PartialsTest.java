package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.quota.MemorySpace;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Partial uploads for tus, on a real folder. */
class PartialsTest extends Parts.OnFolder {

  private static final String HELLO_SHA =
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  private Partials partials;
  private final MemorySpace space = new MemorySpace(Long.MAX_VALUE);

  @BeforeEach
  void open() throws IOException {
    partials = new Partials(parts.partialsTop, parts.folders, parts.homes, parts.committer);
  }

  @Test
  void createWhenTheIdIsTakenThenAlreadyExists() throws IOException {
    partials.create("alice", "u1");
    assertThat(root.resolve("partials/alice/u1")).isEmptyFile();
    assertReason(() -> partials.create("alice", "u1"), Reason.ALREADY_EXISTS);
  }

  @Test
  void createWhenTheIdIsNotSafeThenInvalidAndNothingMade() {
    for (String id : new String[] {"..", "a/b", "", "x".repeat(65)}) {
      assertReason(() -> partials.create("alice", id), Reason.INVALID_OPERATION);
    }
    assertThat(root.resolve("partials/alice")).isEmptyDirectory();
  }

  @Test
  void appendWhenAtTheCurrentLengthThenGrowsAndTheBytesAreCharged() throws IOException {
    partials.create("alice", "u1");
    assertThat(partials.append("alice", "u1", 0, in("hel"), -1, space)).isEqualTo(3);
    assertThat(partials.append("alice", "u1", 3, in("lo"), -1, space)).isEqualTo(5);
    assertThat(partials.length("alice", "u1")).isEqualTo(5);
    assertThat(space.used()).isEqualTo(5);
    assertThat(root.resolve("partials/alice/u1")).hasContent("hello");
  }

  @Test
  void appendWhenTheOffsetIsNotTheLengthThenPreconditionFailedAndNothingCharged()
      throws IOException {
    partials.create("alice", "u1");
    partials.append("alice", "u1", 0, in("abc"), -1, space);
    assertReason(
        () -> partials.append("alice", "u1", 1, in("x"), -1, space), Reason.PRECONDITION_FAILED);
    assertThat(partials.length("alice", "u1")).isEqualTo(3);
    assertThat(space.used()).isEqualTo(3);
  }

  @Test
  void appendWhenBeyondMaxBytesOrQuotaThenRefusedAndOnlyWhatWasWrittenCharged() throws IOException {
    partials.create("alice", "u1");
    assertReason(
        () -> partials.append("alice", "u1", 0, in("toolong"), 5, space), Reason.TOO_LARGE);
    MemorySpace small = new MemorySpace(2);
    assertReason(
        () -> partials.append("alice", "u1", 0, in("abc"), -1, small), Reason.QUOTA_EXCEEDED);
    assertThat(partials.length("alice", "u1")).isZero();
    assertThat(space.used()).isZero();
    assertThat(small.used()).isZero();
  }

  @Test
  void appendOrLengthWhenNoSuchUploadThenNotFound() {
    assertReason(() -> partials.append("alice", "u1", 0, in("x"), -1, space), Reason.NOT_FOUND);
    assertReason(() -> partials.length("alice", "u1"), Reason.NOT_FOUND);
    assertReason(() -> partials.truncate("alice", "u1", 0, space), Reason.NOT_FOUND);
  }

  @Test
  void truncateAndDeleteGiveTheBytesBack() throws IOException {
    partials.create("alice", "u1");
    partials.append("alice", "u1", 0, in("hello"), -1, space);
    partials.truncate("alice", "u1", 2, space);
    assertThat(partials.length("alice", "u1")).isEqualTo(2);
    assertThat(space.used()).isEqualTo(2);
    partials.delete("alice", "u1", space);
    assertThat(space.used()).isZero();
    assertThat(root.resolve("partials/alice/u1")).doesNotExist();
    partials.delete("alice", "u1", space); // absent: no error
    partials.delete("bob", "u1", space);
  }

  @Test
  void commitWhenCompleteThenMovedIntoTheHomeWithItsDigest() throws IOException {
    partials.create("alice", "u1");
    partials.append("alice", "u1", 0, in("hello"), -1, space);
    Written written =
        partials.commit(
            "alice", "u1", p("d/hello.txt"), WriteOptions.replace().withSpace(space), null);
    assertThat(written.created()).isTrue();
    assertThat(written.info().sha256()).isEqualTo(HELLO_SHA);
    assertThat(parts.home("alice").resolve("d/hello.txt")).hasContent("hello");
    assertThat(Digests.read(parts.home("alice").resolve("d/hello.txt"))).isEqualTo(HELLO_SHA);
    assertThat(root.resolve("partials/alice")).isEmptyDirectory();
    assertThat(space.used()).isEqualTo(5); // charged while appending, not again
  }

  @Test
  void commitWhenTheDigestIsKnownThenTrustedRatherThanReadAgain() throws IOException {
    partials.create("alice", "u1");
    partials.append("alice", "u1", 0, in("hello"), -1, space);
    WriteOptions expectHello =
        WriteOptions.replace().withSpace(space).withExpectedSha256(HELLO_SHA);
    assertReason(
        () -> partials.commit("alice", "u1", p("f"), expectHello, "0".repeat(64)),
        Reason.DIGEST_MISMATCH);
    assertThat(root.resolve("partials/alice/u1")).hasContent("hello");
    partials.commit("alice", "u1", p("f"), expectHello, null);
    assertThat(parts.home("alice").resolve("f")).hasContent("hello");
  }

  @Test
  void commitWhenShorterThanAnnouncedThenPreconditionFailedAndThePartialStays() throws IOException {
    partials.create("alice", "u1");
    partials.append("alice", "u1", 0, in("hel"), -1, space);
    assertReason(
        () ->
            partials.commit(
                "alice", "u1", p("f"), WriteOptions.replace().withExpectedSize(5), null),
        Reason.PRECONDITION_FAILED);
    assertThat(partials.length("alice", "u1")).isEqualTo(3);
    assertThat(parts.home("alice").resolve("f")).doesNotExist();
  }

  private static void assertReason(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static InputStream in(String content) {
    return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
  }

  private static StoragePath p(String path) {
    return StoragePath.parse(path);
  }
}
