package dev.coffer.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.fs.FileSystemStorage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * When a download goes to the container's sendfile: only for a file the backend offers it for, a
 * range above the threshold, and with {@code coffer.files.sendfile} on.
 */
class FileServiceSendfileTest {

  private static final StoragePath FILE = StoragePath.parse("big.bin");
  private static final int SIZE = (int) FileService.SENDFILE_THRESHOLD * 2;

  @TempDir Path root;
  private final ExecutorService hashers = Executors.newCachedThreadPool();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<String> handed = new ArrayList<>();
  private FileSystemStorage storage;

  @BeforeEach
  void open() throws IOException {
    storage = new FileSystemStorage(root, hashers);
    storage.write("alice", FILE, new ByteArrayInputStream(new byte[SIZE]), WriteOptions.replace());
  }

  @AfterEach
  void close() throws IOException {
    storage.close();
    hashers.shutdownNow();
  }

  @Test
  void handOffWhenLargeRangeOfALocalFileThenTheContainerGetsItAndTheLogSaysSendfile()
      throws IOException {
    try (OpenFile file = storage.open("alice", FILE)) {
      assertThat(service(true).handOff("alice", file, new ByteRange(10, SIZE - 10), this::take))
          .isTrue();
    }
    assertThat(handed)
        .containsExactly(root.toRealPath().resolve("homes/alice/big.bin") + " 10-" + SIZE);
    assertThat(sendfileSummary().count()).isEqualTo(1);
    assertThat(sendfileSummary().totalAmount()).isEqualTo(SIZE - 10);
  }

  @Test
  void handOffWhenSendfileIsSwitchedOffThenTheContainerIsNotAsked() throws IOException {
    try (OpenFile file = storage.open("alice", FILE)) {
      assertThat(service(false).handOff("alice", file, ByteRange.all(SIZE), this::take)).isFalse();
    }
    assertThat(handed).isEmpty();
    assertThat(meters.find("coffer.transfer.size").summary()).isNull();
  }

  @Test
  void handOffWhenTheRangeIsSmallThenStreamedInstead() throws IOException {
    try (OpenFile file = storage.open("alice", FILE)) {
      ByteRange small = new ByteRange(0, FileService.SENDFILE_THRESHOLD - 1);
      assertThat(service(true).handOff("alice", file, small, this::take)).isFalse();
    }
    assertThat(handed).isEmpty();
  }

  @Test
  void handOffWhenTheBackendOffersNoSendfileThenStreamedInstead() throws IOException {
    try (OpenFile file = new Opaque(storage.open("alice", FILE))) {
      assertThat(service(true).handOff("alice", file, ByteRange.all(SIZE), this::take)).isFalse();
    }
    assertThat(handed).isEmpty();
  }

  @Test
  void handOffWhenTheContainerCannotThenFalseAndNothingLogged() throws IOException {
    try (OpenFile file = storage.open("alice", FILE)) {
      assertThat(
              service(true)
                  .handOff("alice", file, ByteRange.all(SIZE), (name, start, end) -> false))
          .isFalse();
    }
    assertThat(meters.find("coffer.transfer.size").summary()).isNull();
  }

  private boolean take(String fileName, long start, long end) {
    handed.add(fileName + " " + start + "-" + end);
    return true;
  }

  /** Only what handOff uses: the storage is reached through the open file it is given. */
  private FileService service(boolean sendfile) {
    return new FileService(
        storage,
        null,
        null,
        new TransferLog(meters),
        new FilesProperties(null, 10_000, sendfile, DataSize.ofBytes(0), null));
  }

  private DistributionSummary sendfileSummary() {
    return meters.get("coffer.transfer.size").tag("outcome", "sendfile").summary();
  }

  /** An open file of a backend without a zero-copy capability (as S3's will be). */
  private record Opaque(OpenFile file) implements OpenFile {
    @Override
    public FileInfo info() {
      return file.info();
    }

    @Override
    public long transferTo(ByteRange range, WritableByteChannel target) throws IOException {
      return file.transferTo(range, target);
    }

    @Override
    public InputStream stream(ByteRange range) throws IOException {
      return file.stream(range);
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
