package dev.coffer.files.tus;

import dev.coffer.files.storage.StoragePath;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * The shared state of one resumable upload, as the database holds it.
 *
 * @param id also names the partial data in storage
 * @param path where the file goes in the owner's home
 * @param overwrite false when the creation said {@code If-None-Match: *}
 * @param offset bytes received and accepted
 * @param metadata the raw {@code Upload-Metadata} header, or null
 * @param checksumPending whether the {@code PATCH} last started carried a checksum
 * @param committingSince when a request took on the commit, or null
 * @param committedAt when the file was put in place, or null
 */
record TusUpload(
    String id,
    String owner,
    StoragePath path,
    boolean overwrite,
    long length,
    long offset,
    @Nullable String metadata,
    boolean checksumPending,
    @Nullable OffsetDateTime committingSince,
    @Nullable OffsetDateTime committedAt,
    OffsetDateTime createdAt,
    OffsetDateTime expiresAt) {

  TusUpload with(long newOffset, OffsetDateTime newExpiresAt) {
    return new TusUpload(
        id,
        owner,
        path,
        overwrite,
        length,
        newOffset,
        metadata,
        checksumPending,
        committingSince,
        committedAt,
        createdAt,
        newExpiresAt);
  }

  boolean complete() {
    return offset == length;
  }
}
