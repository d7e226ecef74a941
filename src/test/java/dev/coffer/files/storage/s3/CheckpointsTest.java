package dev.coffer.files.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.s3.Checkpoints.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The checkpoint objects of partial uploads, on a real S3 server (S3Proxy). */
class CheckpointsTest {

  @AutoClose private final S3Fixture fixture = new S3Fixture();
  private final Bucket bucket = fixture.open().bucket();
  private final Checkpoints checkpoints = new Checkpoints(bucket);
  private final String base = fixture.prefix + "partials/alice/u/";

  @Test
  void latestWhenSeveralGenerationsThenTheHighestEvenPastTenWithItsMetadata() throws IOException {
    for (int generation = 0; generation <= 11; generation++) {
      checkpoints.save(base, state(generation, 100 * generation, "up"), new byte[0]);
    }
    State latest = checkpoints.latest(base);
    assertThat(latest.generation()).isEqualTo(11);
    assertThat(latest.length()).isEqualTo(1100);
    assertThat(latest.upload()).isEqualTo("up");
    assertThat(latest.parts()).isEqualTo(2);
    assertThat(latest.partsBytes()).isEqualTo(10);
    assertThat(latest.digest()).containsExactly(1, 2, 3);
    assertThat(checkpoints.list(base).stream().map(Checkpoints::lengthOf))
        .containsExactly(0L, 100L, 200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L, 1000L, 1100L);
  }

  @Test
  void forgetOlderThenOnlyThatGenerationAndLaterStay() throws IOException {
    for (int generation = 3; generation <= 6; generation++) {
      checkpoints.save(base, state(generation, 20 + generation, Checkpoints.NONE), new byte[0]);
    }
    checkpoints.forgetOlder(base, 5);
    assertThat(checkpoints.list(base).stream().map(Checkpoints::lengthOf))
        .containsExactly(25L, 26L);
  }

  @Test
  void readTailThenTheStartOfTheBufferedBytesUpToWhatFits() throws IOException {
    byte[] tail = "buffered tail".getBytes(StandardCharsets.US_ASCII);
    State state = new State(1, 10 + tail.length, "up", 2, 10, new byte[] {1});
    checkpoints.save(base, state, tail);
    byte[] all = new byte[64];
    assertThat(checkpoints.readTail(base, state, all)).isEqualTo(tail.length);
    assertThat(new String(all, 0, tail.length, StandardCharsets.US_ASCII))
        .isEqualTo("buffered tail");
    byte[] some = new byte[8];
    assertThat(checkpoints.readTail(base, state, some)).isEqualTo(8);
    assertThat(new String(some, StandardCharsets.US_ASCII)).isEqualTo("buffered");
  }

  @Test
  void latestWhenNoCheckpointThenNoSuchUpload() {
    assertThatThrownBy(() -> checkpoints.latest(base))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  private static State state(long generation, long length, String upload) {
    return new State(generation, length, upload, 2, 10, new byte[] {1, 2, 3});
  }
}
