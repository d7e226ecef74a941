package dev.coffer.files.tus;

import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;

/**
 * The room a {@code PATCH} of known length takes: storage reserves as the body arrives (every 8
 * MiB), and the first time it asks, the whole announced body is taken from the quota at once, as
 * {@code PUT} takes its {@code Content-Length}; later asks draw on that, so a large chunk costs the
 * ledger a few updates, not one per 8 MiB. When the whole body does not fit, just what storage asks
 * for is taken, as without a length, so the refusal comes where it would have. What the chunk did
 * not use goes back with {@link #close}. Not thread-safe: one per {@code PATCH}.
 */
final class PrepaidSpace implements SpaceReservation, AutoCloseable {

  private final SpaceReservation space;
  private long ahead;
  private long pool;

  /**
   * @param announced the body's length, or 0 or less when unknown (nothing is taken ahead)
   */
  PrepaidSpace(SpaceReservation space, long announced) {
    this.space = space;
    this.ahead = Math.max(0, announced);
  }

  @Override
  public boolean tryReserve(long bytes) {
    if (bytes > pool && ahead > bytes - pool) {
      long all = ahead;
      ahead = 0;
      if (fits(all)) {
        pool += all;
      }
    }
    if (bytes <= pool) {
      pool -= bytes;
      return true;
    }
    if (space.tryReserve(bytes - pool)) {
      pool = 0;
      return true;
    }
    return false;
  }

  /**
   * Whether {@code bytes} could be taken; a disk too full for all of them is a no, not a refusal.
   */
  private boolean fits(long bytes) {
    try {
      return space.tryReserve(bytes);
    } catch (StorageException e) {
      if (e.reason() == Reason.NO_SPACE) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void release(long bytes) {
    pool += bytes;
  }

  /** Gives back what was taken and not used. */
  @Override
  public void close() {
    long unused = pool;
    pool = 0;
    if (unused > 0) {
      space.release(unused);
    }
  }
}
