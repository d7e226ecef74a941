package dev.coffer.cluster;

import dev.coffer.support.S3ProxyProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The two-node cluster on the S3 backend: both nodes on one S3 server (S3Proxy, a process of its
 * own) and one key prefix, with the machine's PostgreSQL and nginx in front as on the file system.
 * S3Proxy keeps objects in memory, so it gets the heap the 1 GiB case needs.
 */
class S3ClusterTest extends ClusterTest {

  private @Nullable S3ProxyProcess s3;

  @Override
  List<String> backendArguments(Path work) {
    S3ProxyProcess server = S3ProxyProcess.start("4g");
    s3 = server;
    return List.of(
        "--coffer.storage-dir=" + work.resolve("storage"),
        "--coffer.storage.backend=s3",
        "--coffer.storage.s3.endpoint=" + server.endpoint(),
        "--coffer.storage.s3.bucket=" + S3ProxyProcess.BUCKET,
        "--coffer.storage.s3.region=us-east-1",
        "--coffer.storage.s3.path-style-access=true",
        "--coffer.storage.s3.prefix=cluster-" + ProcessHandle.current().pid() + "/",
        "--coffer.storage.s3.part-size=5MB");
  }

  @Override
  Map<String, String> backendEnvironment() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", S3ProxyProcess.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3ProxyProcess.SECRET_KEY);
  }

  @Override
  void stopBackend() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Override
  boolean listingsCarryDigests() {
    return false;
  }

  /** Nothing is staged on a node: writes in flight are multipart uploads on the server. */
  @Override
  @Nullable Path stagingOf(String nodeId) {
    return null;
  }
}
