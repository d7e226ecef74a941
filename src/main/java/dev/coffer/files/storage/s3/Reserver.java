package dev.coffer.files.storage.s3;

import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;

/** Takes space ahead of the bytes (in chunks, to spare the database) and settles at the end. */
final class Reserver {

  private static final long CHUNK = 8L * 1024 * 1024;

  private final SpaceReservation space;
  private long reserved;

  Reserver(SpaceReservation space) {
    this.space = space;
  }

  /** Makes sure {@code total} bytes are reserved; {@code QUOTA_EXCEEDED} when they do not fit. */
  void need(long total) {
    if (total <= reserved) {
      return;
    }
    long missing = total - reserved;
    long ahead = Math.max(missing, CHUNK);
    if (space.tryReserve(ahead)) {
      reserved += ahead;
    } else if (space.tryReserve(missing)) {
      reserved += missing;
    } else {
      throw new StorageException(Reason.QUOTA_EXCEEDED, "The upload would exceed your quota.");
    }
  }

  /** Keeps {@code used} bytes and gives the rest back. */
  void settle(long used) {
    space.release(reserved - used);
    reserved = used;
  }

  void abort() {
    space.release(reserved);
    reserved = 0;
  }
}
