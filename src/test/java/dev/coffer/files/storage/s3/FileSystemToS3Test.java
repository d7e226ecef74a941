package dev.coffer.files.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.fs.FileSystemStorage;
import dev.coffer.support.S3ProxyProcess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemToS3Test {

  private static final ExecutorService WORKERS = Executors.newCachedThreadPool();

  @TempDir Path old;

  @AfterAll
  static void stop() {
    WORKERS.shutdownNow();
  }

  @Test
  void migrateWhenRunTwiceThenEverythingCopiedOnceWithDigestsAndChangesCopiedAgain()
      throws IOException {
    FileSystemStorage fs = new FileSystemStorage(old, WORKERS);
    put(fs, "alice", "docs/a.txt", "alpha");
    put(fs, "alice", "big.bin", "x".repeat(6 * 1024 * 1024));
    put(fs, "bob", "b.txt", "bravo");
    fs.mkdirs("bob", StoragePath.parse("empty/inner"));
    String prefix = "migrate-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "/";
    S3Properties properties =
        S3Fixture.properties(S3ProxyProcess.shared().endpoint(), S3ProxyProcess.BUCKET, prefix);
    try (S3Storage s3 =
        new S3Storage(
            S3Connector.connect(properties, S3Fixture.credentials()), properties, WORKERS)) {
      List<String> log = new ArrayList<>();
      FileSystemToS3.Result first = new FileSystemToS3(fs, s3, log::add).run(old);
      assertThat(first.copied()).isEqualTo(3);
      assertThat(first.skipped()).isZero();
      assertThat(read(s3, "alice", "docs/a.txt")).isEqualTo("alpha");
      assertThat(s3.stat("alice", StoragePath.parse("big.bin")).sha256())
          .isEqualTo(fs.stat("alice", StoragePath.parse("big.bin")).sha256())
          .isNotNull();
      assertThat(s3.stat("bob", StoragePath.parse("empty/inner")).folder()).isTrue();

      put(fs, "bob", "b.txt", "changed");
      FileSystemToS3.Result again = new FileSystemToS3(fs, s3, log::add).run(old);
      assertThat(again.copied()).isEqualTo(1);
      assertThat(again.skipped()).isEqualTo(2);
      assertThat(read(s3, "bob", "b.txt")).isEqualTo("changed");
      assertThat(log).contains("home alice: 0 files copied");
    }
  }

  private static void put(FileSystemStorage fs, String owner, String path, String content)
      throws IOException {
    fs.write(
        owner,
        StoragePath.parse(path),
        new ByteArrayInputStream(content.getBytes()),
        WriteOptions.replace());
  }

  private static String read(S3Storage s3, String owner, String path) throws IOException {
    try (OpenFile file = s3.open(owner, StoragePath.parse(path));
        InputStream in = file.stream(ByteRange.all(file.info().size()))) {
      return new String(in.readAllBytes());
    }
  }
}
