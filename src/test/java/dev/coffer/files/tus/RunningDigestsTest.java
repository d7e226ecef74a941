package dev.coffer.files.tus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RunningDigestsTest {

  private final RunningDigests digests = new RunningDigests(Duration.ofHours(1), 100);

  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private void patch(String id, long offset, String bytes) {
    MessageDigest d = digests.resume(id, offset);
    assertThat(d).as("resumable at " + offset).isNotNull();
    d.update(bytes.getBytes(StandardCharsets.UTF_8));
    digests.advanced(id, offset + bytes.length(), d);
  }

  @Test
  void finishedWhenEveryPatchWentThroughHereThenDigestOfTheWholeUpload() throws Exception {
    patch("u", 0, "hello ");
    patch("u", 6, "tus ");
    patch("u", 10, "world");
    assertThat(digests.finished("u", 15)).isEqualTo(sha256("hello tus world"));
    assertThat(digests.finished("u", 15)).as("used once").isNull();
  }

  @Test
  void resumeWhenOffsetIsNotWhereThisNodeStoppedThenUnknown() {
    patch("u", 0, "abc");
    assertThat(digests.resume("u", 2)).as("bytes cut back").isNull();
    assertThat(digests.resume("v", 3)).as("bytes another node took").isNull();
    assertThat(digests.finished("u", 4)).as("not every byte seen").isNull();
  }

  @Test
  void resumeWhenAPatchFailsThenTheRunningStateIsNotTouched() throws Exception {
    patch("u", 0, "abc");
    MessageDigest failed = digests.resume("u", 3);
    failed.update("garbage".getBytes(StandardCharsets.UTF_8));
    // the failing PATCH never calls advanced(): the state is still at 3
    patch("u", 3, "def");
    assertThat(digests.finished("u", 6)).isEqualTo(sha256("abcdef"));
  }

  @Test
  void forgetWhenChunkDroppedThenCommitMustReadAgain() {
    patch("u", 0, "abc");
    digests.forget("u");
    assertThat(digests.finished("u", 3)).isNull();
  }
}
