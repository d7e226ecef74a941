package dev.coffer.files.storage.fs;

import dev.coffer.files.storage.PartialUploadsContractTest;
import dev.coffer.files.storage.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/** The partial uploads' contract on a real folder; {@link PartialsTest} has the rest of theirs. */
class FileSystemPartialUploadsTest extends PartialUploadsContractTest {

  private static final ExecutorService HASHERS = Executors.newCachedThreadPool();

  @TempDir Path root;

  @Override
  protected Storage newStorage() throws IOException {
    return new FileSystemStorage(root, HASHERS);
  }

  @AfterAll
  static void stopHashers() {
    HASHERS.shutdownNow();
  }
}
