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
   * Large socket reads and writes. Downloads hand memory-mapped file windows to Tomcat, which
   * writes them straight to the socket in slices of its socket write buffer; request bodies
   * (uploads, streams) are read from the socket in slices of its read buffer. The default 8 KiB
   * slices cost a system call each; 64 KiB cut that eightfold (an upload or a stream needs about a
   * quarter less CPU per GiB). The buffers are direct (off-heap), one pair per open connection,
   * which is why application.yaml caps {@code server.tomcat.max-connections}: direct memory
   * defaults to the heap limit, and a connection Tomcat cannot give buffers to kills its acceptor.
   */
  @Bean
  TomcatConnectorCustomizer largeSocketBuffers() {
    return connector -> {
      connector.setProperty("socket.directBuffer", "true");
      connector.setProperty("socket.appWriteBufSize", Integer.toString(64 * 1024));
      connector.setProperty("socket.appReadBufSize", Integer.toString(64 * 1024));
    };
  }

  @Bean
  Storage storage(CofferProperties properties, ExecutorService uploadHashers) throws IOException {
    return new FileSystemStorage(properties.storageDir(), uploadHashers);
  }
}
