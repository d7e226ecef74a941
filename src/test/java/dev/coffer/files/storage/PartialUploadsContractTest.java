package dev.coffer.files.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.storage.StorageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every backend's {@link PartialUploads} must show, through {@link Storage#partials}
 * (a commit lands in the storage, and usage counts partials). A backend's test extends this class
 * and supplies a fresh, empty storage.
 */
public abstract class PartialUploadsContractTest extends StorageFixture {

  @Test
  void partialWhenAppendedAndCommittedThenAppearsWithDigest() throws IOException {
    byte[] content = bytes(2000);
    storage.partials().create(ALICE, "up1");
    long offset =
        storage
            .partials()
            .append(ALICE, "up1", 0, in(java.util.Arrays.copyOf(content, 500)), -1, space);
    assertThatThrownBy(() -> storage.partials().append(ALICE, "up1", 0, in(bytes(1)), -1, space))
        .isInstanceOf(StorageException.class);
    offset =
        storage
            .partials()
            .append(
                ALICE,
                "up1",
                offset,
                in(java.util.Arrays.copyOfRange(content, 500, 2000)),
                -1,
                space);
    assertThat(storage.partials().length(ALICE, "up1")).isEqualTo(2000);
    assertThat(storage.list(ALICE, StoragePath.ROOT, recursive()).entries()).isEmpty();
    Written w =
        storage
            .partials()
            .commit(
                ALICE,
                "up1",
                p("done.bin"),
                WriteOptions.replace().withExpectedSha256(sha256(content)),
                null);
    assertThat(w.info().sha256()).isEqualTo(sha256(content));
    assertThat(read(ALICE, "done.bin")).isEqualTo(content);
    assertThatThrownBy(() -> storage.partials().length(ALICE, "up1"))
        .isInstanceOf(StorageException.class);
    assertThat(space.used.get()).isEqualTo(2000);
  }

  @Test
  void truncateWhileAnAppendStreamsThenRefusedAndAfterwardsCutsBack() throws IOException {
    storage.partials().create(ALICE, "t");
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
                storage.partials().truncate(ALICE, "t", 0, space);
                during.set("not refused");
              } catch (StorageException e) {
                during.set(e.reason());
              }
            }
            return n;
          }
        };
    storage.partials().append(ALICE, "t", 0, body, -1, space);
    assertThat(during.get()).isEqualTo(Reason.PRECONDITION_FAILED);
    assertThat(storage.partials().length(ALICE, "t")).isEqualTo(1000);
    storage.partials().truncate(ALICE, "t", 400, space);
    assertThat(storage.partials().length(ALICE, "t")).isEqualTo(400);
    assertThat(space.used.get()).isEqualTo(400);
  }

  @Test
  void usageCountsFilesAndPartials() throws IOException {
    write(ALICE, "a", bytes(10));
    storage.partials().create(ALICE, "p");
    storage.partials().append(ALICE, "p", 0, in(bytes(5)), -1, space);
    assertThat(storage.usage(ALICE)).isEqualTo(15);
    storage.deleteOwner(ALICE);
    assertThat(storage.usage(ALICE)).isZero();
  }
}
