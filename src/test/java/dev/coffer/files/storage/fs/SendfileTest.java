package dev.coffer.files.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zero-copy capability of the files this backend opens. */
class SendfileTest {

  @TempDir Path root;
  private final ExecutorService hashers = Executors.newCachedThreadPool();
  private FileSystemStorage storage;

  @BeforeEach
  void open() throws IOException {
    storage = new FileSystemStorage(root, hashers);
    storage.write(
        "alice",
        StoragePath.parse("d/f.bin"),
        new ByteArrayInputStream(new byte[1000]),
        WriteOptions.replace());
  }

  @AfterEach
  void close() throws IOException {
    storage.close();
    hashers.shutdownNow();
  }

  @Test
  void sendfileHandsTheContainerTheFileInTheHomeAndTheRangeWithAnExclusiveEnd() throws IOException {
    List<Object> handed = new ArrayList<>();
    try (OpenFile file = storage.open("alice", StoragePath.parse("d/f.bin"))) {
      assertThat(file).isInstanceOf(Sendfile.class);
      boolean taken =
          ((Sendfile) file)
              .sendfile(
                  new ByteRange(100, 400),
                  (name, start, end) -> {
                    handed.addAll(List.of(name, start, end));
                    return true;
                  });
      assertThat(taken).isTrue();
    }
    Path expected = root.toRealPath().resolve("homes/alice/d/f.bin");
    assertThat(handed).containsExactly(expected.toString(), 100L, 500L);
    assertThat(Files.size(Path.of((String) handed.get(0)))).isEqualTo(1000);
  }

  @Test
  void sendfileWhenTheContainerCannotThenFalse() throws IOException {
    try (OpenFile file = storage.open("alice", StoragePath.parse("d/f.bin"))) {
      assertThat(((Sendfile) file).sendfile(ByteRange.all(1000), (name, start, end) -> false))
          .isFalse();
    }
  }
}
