package dev.coffer.files.tus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChunkStreamTest {

  private final ExecutorService hashers = Executors.newCachedThreadPool();
  private final List<String> edges = new ArrayList<>();

  @AfterEach
  void stop() {
    hashers.shutdownNow();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  /** Records the edges, with how much storage had taken when each came. */
  private ChunkStream chunk(
      InputStream body,
      @Nullable MessageDigest digest,
      @Nullable MessageDigest whole,
      ByteArrayOutputStream stored) {
    return new ChunkStream(
        body,
        digest,
        whole,
        hashers,
        new ChunkStream.Edges() {
          @Override
          public void started() {
            edges.add("started after " + stored.size());
          }

          @Override
          public void ended(long bytes, byte @Nullable [] actual) {
            edges.add("ended after " + stored.size() + ": " + bytes);
            if (digest != null) {
              assertThat(actual).isEqualTo(digest.digest(stored.toByteArray()));
            }
          }
        });
  }

  @Test
  void transferToThenTheEdgesComeBeforeTheFirstAndAfterTheLastWriteWithTheDigests()
      throws Exception {
    byte[] body = random(1024 * 1024 + 3);
    MessageDigest digest = MessageDigest.getInstance("SHA-1");
    MessageDigest whole = MessageDigest.getInstance("SHA-256");
    ByteArrayOutputStream stored = new ByteArrayOutputStream();
    ChunkStream in = chunk(new ByteArrayInputStream(body), digest, whole, stored);
    assertThat(in.transferTo(stored)).isEqualTo(body.length);
    assertThat(stored.toByteArray()).isEqualTo(body);
    assertThat(edges)
        .containsExactly("started after 0", "ended after " + body.length + ": " + body.length);
    assertThat(in.count()).isEqualTo(body.length);
    assertThat(whole.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void transferToWhenTheEndIsRefusedThenTheRefusalReachesStorage() {
    ChunkStream in =
        new ChunkStream(
            new ByteArrayInputStream(random(100_000)),
            null,
            null,
            hashers,
            new ChunkStream.Edges() {
              @Override
              public void started() {}

              @Override
              public void ended(long bytes, byte @Nullable [] digest) {
                throw new TusService.ChecksumMismatch();
              }
            });
    assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
        .isInstanceOf(TusService.ChecksumMismatch.class);
  }

  @Test
  void transferToWhenTheClientBreaksOffThenFailedAndCountsWhatCame() {
    InputStream cut = new CutBody(50_000);
    ByteArrayOutputStream stored = new ByteArrayOutputStream();
    ChunkStream in = chunk(cut, null, null, stored);
    assertThatThrownBy(() -> in.transferTo(stored)).hasMessage("connection reset");
    assertThat(in.failed()).isTrue();
    assertThat(in.count()).isEqualTo(50_000);
    assertThat(stored.size()).isEqualTo(50_000);
    assertThat(edges).containsExactly("started after 0");
    in.release();
  }

  @Test
  void storageFailsToWriteThenNotAClientFailure() {
    ChunkStream in =
        chunk(new ByteArrayInputStream(random(10_000)), null, null, new ByteArrayOutputStream());
    assertThatThrownBy(
            () ->
                in.transferTo(
                    new OutputStream() {
                      @Override
                      public void write(int b) throws IOException {
                        throw new IOException("disk gone");
                      }

                      @Override
                      public void write(byte[] b, int off, int len) throws IOException {
                        throw new IOException("disk gone");
                      }
                    }))
        .hasMessage("disk gone");
    assertThat(in.failed()).isFalse();
  }
}
