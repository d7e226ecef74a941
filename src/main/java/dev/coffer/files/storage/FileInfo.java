package dev.coffer.files.storage;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What storage knows about one entry.
 *
 * @param path the entry's path relative to the owner's home
 * @param folder whether it is a folder
 * @param size bytes of content; 0 for folders
 * @param modified last modification time
 * @param etag an opaque validator that changes whenever the content changes (no quotes)
 * @param sha256 lower-case hex SHA-256 of the content, or null when not known
 */
public record FileInfo(
    StoragePath path,
    boolean folder,
    long size,
    Instant modified,
    String etag,
    @Nullable String sha256) {

  public String name() {
    return path.name();
  }
}
