package dev.coffer.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The central directory kept in a temporary file while a zip streams, on a real folder. */
class CentralDirectorySpillTest {

  @TempDir Path dir;

  @Test
  void copyToWhenRecordsOutgrowTheBufferThenEveryByteInOrder() throws IOException {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    ByteArrayOutputStream copied = new ByteArrayOutputStream();
    Random random = new Random(7);
    try (CentralDirectorySpill spill = new CentralDirectorySpill(dir)) {
      for (int i = 0; i < 3000; i++) {
        byte[] record = new byte[1 + random.nextInt(300)];
        random.nextBytes(record);
        spill.append(record);
        expected.write(record);
      }
      assertThat(spill.size()).isEqualTo(expected.size()).isGreaterThan(3 * 64 * 1024);
      spill.copyTo(copied);
    }
    assertThat(copied.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void copyToWhenNothingAppendedThenNothingWritten() throws IOException {
    ByteArrayOutputStream copied = new ByteArrayOutputStream();
    try (CentralDirectorySpill spill = new CentralDirectorySpill(dir)) {
      spill.copyTo(copied);
    }
    assertThat(copied.size()).isZero();
  }

  @Test
  void closeThenTheSpillFileIsGone() throws IOException {
    try (CentralDirectorySpill spill = new CentralDirectorySpill(dir)) {
      spill.append(new byte[100_000]);
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void newWhenTheFolderIsMissingThenSpillFailure() {
    assertThatThrownBy(() -> new CentralDirectorySpill(dir.resolve("gone")))
        .isInstanceOf(ZipStream.SpillFailure.class);
  }
}
