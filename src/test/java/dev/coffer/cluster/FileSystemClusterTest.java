package dev.coffer.cluster;

import java.nio.file.Path;
import java.util.List;

/** The two-node cluster on the file-system backend: both nodes share one storage folder. */
class FileSystemClusterTest extends ClusterTest {

  private Path storage;

  @Override
  List<String> backendArguments(Path work) {
    storage = work.resolve("storage");
    return List.of("--coffer.storage-dir=" + storage);
  }

  @Override
  Path stagingOf(String nodeId) {
    return storage.resolve("tmp").resolve(nodeId);
  }
}
