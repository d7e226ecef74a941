package dev.coffer.files;

import dev.coffer.files.storage.FileInfo;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code FileInfo} as the API shows it.
 *
 * @param path relative to the caller's home
 * @param type {@code file} or {@code dir}
 * @param modified ISO-8601 UTC
 * @param etag the entity tag, without quotes (the {@code ETag} header has them)
 * @param sha256 lower-case hex, when known
 */
record FileInfoView(
    String path,
    String name,
    String type,
    long size,
    String modified,
    String etag,
    @Nullable String sha256) {

  static FileInfoView of(FileInfo info) {
    return new FileInfoView(
        info.path().toString(),
        info.name(),
        info.folder() ? "dir" : "file",
        info.size(),
        DateTimeFormatter.ISO_INSTANT.format(info.modified().truncatedTo(ChronoUnit.MILLIS)),
        info.etag(),
        info.sha256());
  }
}
