package dev.coffer.files.storage;

import org.jspecify.annotations.Nullable;

/**
 * How {@link Storage#write} may commit.
 *
 * @param overwrite whether an existing file may be replaced; false makes an existing target fail
 *     with {@link StorageException.Reason#ALREADY_EXISTS}
 * @param ifMatch the etag the current file must have for the replace to go ahead (null: any); a
 *     missing file or another etag fails with {@link StorageException.Reason#PRECONDITION_FAILED}
 * @param expectedSha256 lower-case hex digest the content must have, checked before commit (null:
 *     none)
 * @param expectedSize the announced length (for example {@code Content-Length}), -1 when unknown;
 *     content that ends short of it or runs past it is refused and nothing is stored
 * @param maxSize the largest content allowed, -1 for no limit ({@link
 *     StorageException.Reason#TOO_LARGE})
 * @param space the owner's room: consulted as bytes arrive ({@link
 *     StorageException.Reason#QUOTA_EXCEEDED}); on success it keeps the new size and gets the size
 *     of a replaced file back, on failure it gets everything back
 */
public record WriteOptions(
    boolean overwrite,
    @Nullable String ifMatch,
    @Nullable String expectedSha256,
    long expectedSize,
    long maxSize,
    SpaceReservation space) {

  public WriteOptions {
    if (space == null) {
      space = SpaceReservation.unlimited();
    }
  }

  /** Replace whatever is there, no checks, no quota. */
  public static WriteOptions replace() {
    return new WriteOptions(true, null, null, -1, -1, SpaceReservation.unlimited());
  }

  /** Create only; fail if the path exists. */
  public static WriteOptions createOnly() {
    return new WriteOptions(false, null, null, -1, -1, SpaceReservation.unlimited());
  }

  public WriteOptions withSpace(SpaceReservation reservation) {
    return new WriteOptions(overwrite, ifMatch, expectedSha256, expectedSize, maxSize, reservation);
  }

  public WriteOptions withExpectedSha256(String hex) {
    return new WriteOptions(overwrite, ifMatch, hex, expectedSize, maxSize, space);
  }

  public WriteOptions withExpectedSize(long bytes) {
    return new WriteOptions(overwrite, ifMatch, expectedSha256, bytes, maxSize, space);
  }
}
