package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.quota.MemorySpace;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Putting staged content at its path: the one rename that makes a write visible. */
class CommitterTest extends Parts.OnFolder {

  private final MemorySpace space = new MemorySpace(Long.MAX_VALUE);

  @Test
  void commitWhenNewThenRenamedIntoMissingFoldersAndStagingEmpty() throws IOException {
    stage("s", "new");
    Written written = parts.committer.commit("alice", p("a/b/f"), parts.staging, "s", options());
    assertThat(written.created()).isTrue();
    assertThat(written.info().size()).isEqualTo(3);
    assertThat(parts.home("alice").resolve("a/b/f")).hasContent("new");
    assertThat(root.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void commitWhenReplacingThenTheOldSizeIsGivenBack() throws IOException {
    stage("s", "old content");
    parts.committer.commit("alice", p("f"), parts.staging, "s", options());
    space.tryReserve(100);
    stage("s", "new");
    Written written = parts.committer.commit("alice", p("f"), parts.staging, "s", options());
    assertThat(written.created()).isFalse();
    assertThat(space.used()).isEqualTo(100 - "old content".length());
    assertThat(parts.home("alice").resolve("f")).hasContent("new");
  }

  @Test
  void commitWhenCreateOnlyAndTakenOrEtagDiffersOrAFolderThereThenRefusedAndStaysStaged()
      throws IOException {
    stage("s", "one");
    parts.committer.commit("alice", p("f"), parts.staging, "s", options());
    Files.createDirectories(parts.home("alice").resolve("d"));
    stage("s", "two");
    assertReason(p("f"), new WriteOptions(false, null, null, -1, -1, space), Reason.ALREADY_EXISTS);
    assertReason(
        p("f"),
        new WriteOptions(true, "not-the-etag", null, -1, -1, space),
        Reason.PRECONDITION_FAILED);
    assertReason(p("d"), options(), Reason.IS_A_FOLDER);
    assertThat(root.resolve("tmp/s")).hasContent("two");
    assertThat(parts.home("alice").resolve("f")).hasContent("one");
  }

  @Test
  void commitWhenTheStagedContentIsGoneThenNotFound() {
    assertReason(p("f"), options(), Reason.NOT_FOUND);
  }

  @Test
  void checkDigestWhenAnnouncedAndDifferentThenDigestMismatch() {
    Committer.checkDigest(null, "a".repeat(64));
    Committer.checkDigest("A".repeat(64), "a".repeat(64));
    assertThatThrownBy(() -> Committer.checkDigest("b".repeat(64), "a".repeat(64)))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
  }

  private void assertReason(StoragePath path, WriteOptions options, Reason reason) {
    assertThatThrownBy(() -> parts.committer.commit("alice", path, parts.staging, "s", options))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private WriteOptions options() {
    return WriteOptions.replace().withSpace(space);
  }

  private void stage(String name, String content) throws IOException {
    Files.writeString(root.resolve("tmp").resolve(name), content);
  }

  private static StoragePath p(String path) {
    return StoragePath.parse(path);
  }
}
