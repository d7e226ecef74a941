package dev.coffer.disk;

import dev.coffer.CofferProperties;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Watches the free space of the storage folder and of the embedded database's folder, so that a
 * disk filled from outside never breaks the database.
 *
 * <p>H2 closes its whole database when a write fails, and a disk filled by another process can make
 * any write fail. So the database keeps a reserve: a file of {@code coffer.disk.reserve} bytes
 * beside it, written ahead (real blocks, not a sparse file). When free space falls below {@code
 * coffer.disk.min-free}, or a write fails for lack of space, the service turns <em>low</em>: the
 * reserve is deleted, which gives its blocks back to the database, and requests that would store
 * something are refused with 507 (see {@link DiskGate}) while reads and deletions go on. As soon as
 * there is room for the floor and the reserve again, the reserve is written back and the service
 * stores again: no restart. Each check is one {@code statvfs} call, made only by requests that
 * store something.
 */
@Component
public class DiskGuard {

  private static final Logger log = LoggerFactory.getLogger(DiskGuard.class);
  private static final int BLOCK = 1 << 20;

  private final FileStore storage;
  private final @Nullable Path reserve;
  private final @Nullable FileStore database;
  private final long reserveBytes;
  private final long minFree;
  private volatile boolean low;

  DiskGuard(
      CofferProperties coffer,
      DiskProperties properties,
      @Value("${spring.datasource.url:}") String databaseUrl)
      throws IOException {
    this.storage = Files.getFileStore(Files.createDirectories(coffer.storageDir()));
    this.minFree = properties.minFree().toBytes();
    Path databaseFile = embeddedDatabaseFile(databaseUrl);
    long size = properties.reserve().toBytes();
    if (databaseFile == null || size == 0) {
      this.reserve = null;
      this.database = null;
      this.reserveBytes = 0;
    } else {
      Path dir = Files.createDirectories(databaseFile.toAbsolutePath().getParent());
      this.reserve = dir.resolve(databaseFile.getFileName() + ".reserve");
      this.database = Files.getFileStore(dir);
      this.reserveBytes = size;
    }
    // This runs before the database opens: on a disk that is full already, the reserve's room goes
    // to the database.
    if (!roomy() || !writeReserve()) {
      turnLow("at start-up, " + mib(usable(storage)) + " free");
    }
  }

  /**
   * The file an H2 file URL names, without H2's {@code .mv.db} suffix, or null for any other
   * database (PostgreSQL, in-memory H2, an H2 server): those are not on this disk.
   */
  static @Nullable Path embeddedDatabaseFile(@Nullable String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
      return null;
    }
    String rest = url.substring(8);
    int options = rest.indexOf(';');
    String name = options < 0 ? rest : rest.substring(0, options);
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("file:")) {
      name = name.substring(5);
    } else if (lower.matches("^[a-z]{2,}:.*") && !lower.matches("^[a-z]:[/\\\\].*")) {
      return null; // mem:, tcp:, ssl:, zip:, ... (a Windows drive letter is a file)
    }
    if (name.startsWith("~")) {
      name = System.getProperty("user.home") + name.substring(1);
    }
    return name.isEmpty() ? null : Path.of(name);
  }

  /**
   * Whether the service may store something now; turns low, or back to normal when space has
   * returned, as the free space says.
   */
  public boolean hasRoom() {
    return refresh();
  }

  /** Whether {@code bytes} more may be written to the storage folder without passing the floor. */
  public boolean hasRoomFor(long bytes) {
    return refresh() && usable(storage) - bytes >= minFree;
  }

  /** A write failed for lack of space, whatever the free space now says: the service turns low. */
  public void noSpace() {
    synchronized (this) {
      if (!low) {
        turnLow("a write failed for lack of space");
      }
    }
  }

  /** The file that holds the database's reserve, or null when there is none. */
  @Nullable Path reserveFile() {
    return reserve;
  }

  private boolean refresh() {
    boolean roomy = roomy();
    if (roomy != low) {
      return roomy; // the usual case: nothing changes
    }
    synchronized (this) {
      if (low && roomy()) {
        if (writeReserve()) {
          low = false;
          log.info("Disk space is back ({} free): storing again", mib(usable(storage)));
        }
      } else if (!low && !roomy()) {
        turnLow(mib(usable(storage)) + " free, below the floor of " + mib(minFree));
      }
      return !low;
    }
  }

  /** Room for the floor, and (while it is missing) for writing the reserve back. */
  private boolean roomy() {
    long missingReserve = reserve == null ? 0 : Math.max(0, reserveBytes - reserveSize());
    long free = usable(storage);
    if (database == null || database.equals(storage)) {
      return free >= minFree + missingReserve;
    }
    return free >= minFree && usable(database) >= minFree + missingReserve;
  }

  private void turnLow(String why) {
    low = true;
    long released = reserveSize();
    if (reserve != null) {
      try {
        Files.deleteIfExists(reserve);
      } catch (IOException e) {
        log.error("Could not delete the database's disk reserve {}: {}", reserve, e.toString());
      }
    }
    log.warn(
        "Disk nearly full ({}): refusing to store anything (507) until space is freed{}",
        why,
        released > 0 ? "; released the database's reserve of " + mib(released) : "");
  }

  /**
   * Writes the reserve up to its size. The bytes are pseudo-random so that a compressing file
   * system cannot store them in less room than the database will need.
   */
  private boolean writeReserve() {
    if (reserve == null) {
      return true;
    }
    byte[] block = new byte[BLOCK];
    new Random(reserveBytes).nextBytes(block);
    try (FileChannel channel =
        FileChannel.open(reserve, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long at = channel.size();
      while (at < reserveBytes) {
        ByteBuffer chunk = ByteBuffer.wrap(block, 0, (int) Math.min(BLOCK, reserveBytes - at));
        while (chunk.hasRemaining()) {
          at += channel.write(chunk, at);
        }
      }
      channel.force(true);
      return true;
    } catch (IOException e) {
      // Someone took the room meanwhile: what was written would only crowd the database.
      try {
        Files.deleteIfExists(reserve);
      } catch (IOException ignored) {
        // Deleted at the next attempt.
      }
      log.warn("Could not write the database's disk reserve {}: {}", reserve, e.toString());
      return false;
    }
  }

  private long reserveSize() {
    try {
      return reserve == null ? 0 : Files.size(reserve);
    } catch (IOException e) {
      return 0;
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }

  private static long usable(FileStore store) {
    try {
      return store.getUsableSpace();
    } catch (IOException e) {
      return Long.MAX_VALUE; // no answer is no reason to refuse work
    }
  }
}
