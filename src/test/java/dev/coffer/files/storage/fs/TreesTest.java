package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.quota.MemorySpace;
import dev.coffer.files.quota.SpaceReserver;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreesTest {

  @TempDir Path root;
  private Path outside;
  private Path tree;

  /** tree/{a (3 bytes), sub/{b (4 bytes), link -> outside}, filelink -> outside/big} */
  @BeforeEach
  void makeTree() throws IOException {
    outside = Files.createDirectory(root.resolve("outside"));
    Files.write(outside.resolve("big"), new byte[1000]);
    tree = Files.createDirectories(root.resolve("top/tree/sub"));
    tree = tree.getParent();
    Files.writeString(tree.resolve("a"), "aaa");
    Files.writeString(tree.resolve("sub/b"), "bbbb");
    Digests.write(tree.resolve("sub/b"), "d".repeat(64));
    Files.createSymbolicLink(tree.resolve("sub/link"), outside);
    Files.createSymbolicLink(tree.resolve("filelink"), outside.resolve("big"));
  }

  @Test
  void sizeCountsRegularFilesAndNothingBehindLinks() throws IOException {
    try (Dir dir = Dir.openTop(tree)) {
      assertThat(Trees.size(dir)).isEqualTo(7);
    }
  }

  @Test
  void deleteRemovesTheTreeAndItsLinksButNotWhatTheyPointTo() throws IOException {
    try (Dir top = Dir.openTop(tree.getParent())) {
      assertThat(Trees.delete(top, "tree")).isEqualTo(7);
      assertThat(Trees.delete(top, "tree")).isZero();
    }
    assertThat(tree).doesNotExist();
    assertThat(outside.resolve("big")).hasSize(1000);
  }

  @Test
  void copyCopiesFilesWithTheirDigestsLeavesLinksOutAndAsksForTheBytes() throws IOException {
    MemorySpace space = new MemorySpace(Long.MAX_VALUE);
    SpaceReserver reserver = new SpaceReserver(space);
    long[] copied = {0};
    Path target = root.resolve("copy");
    try (Dir source = Dir.openTop(tree)) {
      Trees.copy(source, target, copied, reserver);
    }
    reserver.settle(copied[0]);
    assertThat(copied[0]).isEqualTo(7);
    assertThat(space.used()).isEqualTo(7);
    assertThat(target.resolve("a")).hasContent("aaa");
    assertThat(target.resolve("sub/b")).hasContent("bbbb");
    assertThat(Digests.read(target.resolve("sub/b"))).isEqualTo("d".repeat(64));
    assertThat(target.resolve("sub/link")).doesNotExist();
    assertThat(target.resolve("filelink")).doesNotExist();
  }

  @Test
  void copyWhenTheBytesDoNotFitThenQuotaExceeded() throws IOException {
    SpaceReserver reserver = new SpaceReserver(new MemorySpace(5));
    try (Dir source = Dir.openTop(tree)) {
      assertThatThrownBy(() -> Trees.copy(source, root.resolve("copy"), new long[1], reserver))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.QUOTA_EXCEEDED));
    }
  }

  @Test
  void deleteQuietlyWhenNothingThereThenNoError() throws IOException {
    try (Dir top = Dir.openTop(tree)) {
      Trees.deleteQuietly(top, "absent");
      assertThat(top.names()).containsExactlyInAnyOrder("a", "sub", "filelink");
    }
  }
}
