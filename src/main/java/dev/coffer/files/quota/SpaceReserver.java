package dev.coffer.files.quota;

import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;

/**
 * The reservation logic every backend shares: takes space from a {@link SpaceReservation} ahead of
 * the bytes, in chunks (so a large upload asks the database every 8 MiB, not every buffer), and
 * settles at the end, keeping what was used and giving the rest back. Not thread-safe: one per
 * write.
 */
public final class SpaceReserver {

  static final long CHUNK = 8L * 1024 * 1024;

  private final SpaceReservation space;
  private long reserved;

  public SpaceReserver(SpaceReservation space) {
    this.space = space;
  }

  /**
   * Makes sure {@code total} bytes are reserved in all: a chunk ahead when it fits, otherwise just
   * what is missing.
   *
   * @throws StorageException {@code QUOTA_EXCEEDED} when even the missing bytes do not fit
   */
  public void need(long total) {
    if (total <= reserved) {
      return;
    }
    long missing = total - reserved;
    if (space.tryReserve(Math.max(missing, CHUNK))) {
      reserved += Math.max(missing, CHUNK);
    } else if (space.tryReserve(missing)) {
      reserved += missing;
    } else {
      throw new StorageException(Reason.QUOTA_EXCEEDED, "The upload would exceed your quota.");
    }
  }

  /** Keeps {@code used} bytes and gives the rest back. */
  public void settle(long used) {
    space.release(reserved - used);
    reserved = used;
  }

  /** Gives back everything reserved: the write stored nothing. */
  public void abort() {
    space.release(reserved);
    reserved = 0;
  }
}
