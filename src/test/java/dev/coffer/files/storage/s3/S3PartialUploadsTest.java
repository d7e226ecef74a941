package dev.coffer.files.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.files.storage.PartialUploadsContractTest;
import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The partial uploads' contract on a real S3 server (S3Proxy), and what only S3 has: appends on
 * several nodes, checkpoints, and commits retried after a node died part way.
 */
class S3PartialUploadsTest extends PartialUploadsContractTest {

  private static final int PART = S3Fixture.PART;

  @AutoClose private final S3Fixture fixture = new S3Fixture();
  private final String prefix = fixture.prefix;

  @Override
  protected Storage newStorage() {
    return fixture.open();
  }

  private S3Storage s3() {
    return (S3Storage) storage;
  }

  private S3Partials s3Partials() {
    return (S3Partials) storage.partials();
  }

  @Test
  void partialWhenEachAppendGoesToAnotherNodeThenCommitsWithTheDigestCarriedAlong()
      throws IOException {
    Storage other = fixture.open();
    byte[] content = bytes(2 * PART + 999);
    storage.partials().create(ALICE, "up");
    long at = 0;
    int[] cuts = {1000, PART + 5, 2 * PART + 1, content.length};
    for (int i = 0; i < cuts.length; i++) {
      Storage node = i % 2 == 0 ? storage : other;
      at =
          node.partials()
              .append(
                  ALICE, "up", at, in(Arrays.copyOfRange(content, (int) at, cuts[i])), -1, space);
    }
    assertThat(other.partials().length(ALICE, "up")).isEqualTo(content.length);
    assertThat(storage.usage(ALICE)).isEqualTo(content.length);
    Written w =
        other
            .partials()
            .commit(
                ALICE,
                "up",
                p("tus.bin"),
                WriteOptions.replace().withExpectedSha256(sha256(content)),
                null);
    assertThat(w.info().sha256()).isEqualTo(sha256(content));
    assertThat(read(ALICE, "tus.bin")).isEqualTo(content);
    assertThat(fixture.uploadsLeft()).isEmpty();
    assertThat(fixture.keys()).containsExactly(prefix + "homes/alice/tus.bin");
    assertThat(space.used.get()).isEqualTo(content.length);
  }

  @Test
  void partialWhenLastAppendCutBackAcrossAPartThenTheCheckpointBeforeIsRestored()
      throws IOException {
    byte[] content = bytes(PART + 300);
    storage.partials().create(ALICE, "t");
    storage.partials().append(ALICE, "t", 0, in(Arrays.copyOf(content, 200)), -1, space);
    storage.partials().append(ALICE, "t", 200, in(bytes(PART + 50)), -1, space); // a bad chunk
    storage.partials().truncate(ALICE, "t", 200, space);
    assertThat(storage.partials().length(ALICE, "t")).isEqualTo(200);
    assertThat(space.used.get()).isEqualTo(200);
    storage
        .partials()
        .append(ALICE, "t", 200, in(Arrays.copyOfRange(content, 200, content.length)), -1, space);
    Written w = storage.partials().commit(ALICE, "t", p("t.bin"), WriteOptions.replace(), null);
    assertThat(w.info().sha256()).isEqualTo(sha256(content));
    assertThat(read(ALICE, "t.bin")).isEqualTo(content);
  }

  @Test
  void commitWhenAnEarlierFinishCompletedTheUploadAndDiedThenTheRetryCommits() throws IOException {
    byte[] content = bytes(PART + 4321);
    storage.partials().create(ALICE, "f");
    storage.partials().append(ALICE, "f", 0, in(content), -1, space);
    s3Partials().finish(ALICE, "f", WriteOptions.createOnly());
    // the node died before the finish was recorded: its checkpoint is gone, the one before stays
    List<String> checkpoints = new ArrayList<>();
    s3().bucket().forEach(prefix + "partials/alice/f/g", o -> checkpoints.add(o.key()));
    s3().bucket().delete(checkpoints.get(checkpoints.size() - 1));

    Written w = storage.partials().commit(ALICE, "f", p("f.bin"), WriteOptions.createOnly(), null);

    assertThat(w.info().sha256()).isEqualTo(sha256(content));
    assertThat(read(ALICE, "f.bin")).isEqualTo(content);
    assertThat(fixture.keys()).containsExactly(prefix + "homes/alice/f.bin");
  }

  @Test
  void commitWhenAnEarlierCommitCopiedTheFileAndDiedThenTheRetryKeepsItCountedOnce()
      throws IOException {
    byte[] content = bytes(3000);
    storage.partials().create(ALICE, "c");
    storage.partials().append(ALICE, "c", 0, in(content), -1, space);
    WriteOptions createOnly = WriteOptions.createOnly().withSpace(space);
    S3Partials.Finished finished = s3Partials().finish(ALICE, "c", createOnly);
    // the copy of an earlier commit, whose node died before it removed the upload
    s3().bucket()
        .copy(
            finished.key(),
            s3().keys().file(ALICE, p("c.bin")),
            finished.length(),
            java.util.Map.of(S3Storage.SHA256, finished.sha256(), S3Storage.TUS_UPLOAD, "c"));

    Written w = storage.partials().commit(ALICE, "c", p("c.bin"), createOnly, null);

    assertThat(w.info().sha256()).isEqualTo(sha256(content));
    assertThat(read(ALICE, "c.bin")).isEqualTo(content);
    assertThat(fixture.keys()).containsExactly(prefix + "homes/alice/c.bin");
    assertThat(space.used.get()).isEqualTo(content.length);
  }

  @Test
  void partialWhenDeletedThenItsMultipartUploadIsAbortedToo() throws IOException {
    storage.partials().create(ALICE, "d");
    storage.partials().append(ALICE, "d", 0, in(bytes(PART + 1)), -1, space);
    assertThat(fixture.uploadsLeft()).hasSize(1);
    storage.partials().delete(ALICE, "d", space);
    assertThat(fixture.uploadsLeft()).isEmpty();
    assertThat(fixture.keys()).isEmpty();
    assertThat(space.used.get()).isZero();
  }
}
