package dev.coffer.files.quota;

import dev.coffer.files.storage.SpaceReservation;

/** A quota kept in memory, counting how often it was asked, for tests of what reserves space. */
public final class MemorySpace implements SpaceReservation {

  private final long quota;
  private long used;
  private int asked;

  public MemorySpace(long quota) {
    this.quota = quota;
  }

  @Override
  public synchronized boolean tryReserve(long bytes) {
    asked++;
    if (used + bytes > quota) {
      return false;
    }
    used += bytes;
    return true;
  }

  @Override
  public synchronized void release(long bytes) {
    used -= bytes;
  }

  public synchronized long used() {
    return used;
  }

  public synchronized int asked() {
    return asked;
  }
}
