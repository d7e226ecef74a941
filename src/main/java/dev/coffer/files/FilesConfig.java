package dev.coffer.files;

import dev.coffer.CofferProperties;
import dev.coffer.files.storage.FileSystemStorage;
import dev.coffer.files.storage.Storage;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the storage backend: the local folder under {@code coffer.storage-dir}. */
@Configuration
class FilesConfig {

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
   * Downloads hand memory-mapped file windows to Tomcat, which writes them straight to the socket
   * in slices of its socket write buffer when that buffer is empty. The default 8 KiB slices cost a
   * system call each; 64 KiB direct (off-heap) buffers cut that eightfold without using heap.
   */
  @Bean
  TomcatConnectorCustomizer largeSocketWrites() {
    return connector -> {
      connector.setProperty("socket.directBuffer", "true");
      connector.setProperty("socket.appWriteBufSize", Integer.toString(64 * 1024));
    };
  }

  @Bean
  Storage storage(CofferProperties properties, ExecutorService uploadHashers) throws IOException {
    return new FileSystemStorage(properties.storageDir(), uploadHashers);
  }
}
