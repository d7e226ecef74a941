package dev.coffer.files;

import dev.coffer.CofferProperties;
import dev.coffer.cluster.ClusterLocks;
import dev.coffer.cluster.Node;
import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.fs.FileSystemStorage;
import dev.coffer.files.storage.s3.S3Storage;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the storage backend: the local folder under {@code coffer.storage-dir}, or an S3 bucket
 * ({@code coffer.storage.backend=s3}).
 */
@Configuration
class FilesConfig {

  private static final int SOCKET_BUFFER = 16 * 1024;

  /** Threads that hash uploads alongside the request threads that write them. */
  @Bean(destroyMethod = "shutdownNow")
  ExecutorService uploadHashers() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, "coffer-sha256-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Socket buffers, direct (off-heap): 16 KiB to read, and to write 16 KiB on the file system and
   * 64 KiB on S3 unless {@code coffer.files.socket-write-buffer} says otherwise. Tomcat gives every
   * open connection its own pair the moment it is accepted, idle or not, and reads and writes
   * bodies in slices of their size. At 64 KiB each way a connection cost 128 KiB before sending a
   * byte, and 1,000 connections exhausted a 128 MiB server's direct memory; at 16 KiB they cost 32
   * MiB at most under application.yaml's connection cap. Large downloads from the file system do
   * not need larger slices (they go by sendfile); from S3 every byte is written through the buffer,
   * one system call per slice, and 16 KiB slices held a download to two thirds of the object
   * store's speed (64 KiB: 80 MiB for 1,024 connections; README, bench/s3.sh).
   */
  @Bean
  TomcatConnectorCustomizer socketBuffers(FilesProperties files, StorageProperties storage) {
    long write =
        files.socketWriteBuffer() != null
            ? files.socketWriteBuffer().toBytes()
            : storage.backend() == StorageProperties.Backend.S3 ? 4 * SOCKET_BUFFER : SOCKET_BUFFER;
    return connector -> {
      connector.setProperty("socket.directBuffer", "true");
      connector.setProperty("socket.appWriteBufSize", Long.toString(write));
      connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER));
    };
  }

  /**
   * The folder under {@code coffer.storage-dir}, which several nodes may share: each stages its
   * writes in a folder named by its node id, and locks paths across nodes. Or the bucket, which
   * several nodes may share the same way: paths and tus uploads locked across nodes.
   */
  @Bean
  Storage storage(
      CofferProperties properties,
      StorageProperties storage,
      FilesProperties files,
      Node node,
      ClusterLocks locks,
      ExecutorService uploadHashers)
      throws IOException {
    return switch (storage.backend()) {
      case FILESYSTEM ->
          new FileSystemStorage(
              properties.storageDir(),
              // one node on an embedded database stages in tmp/ itself, as before clustering
              node.shared() ? node.id() : null,
              locks.named("path"),
              locks.named("folder"),
              uploadHashers,
              Math.max(0, files.listingCacheSize().toBytes()));
      case S3 ->
          S3Storage.connect(
              storage.s3(), uploadHashers, locks.named("path"), locks.exact("upload"));
    };
  }
}
