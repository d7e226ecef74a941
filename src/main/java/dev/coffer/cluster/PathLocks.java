package dev.coffer.cluster;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks striped by key: memory stays constant however many paths there are, at the
 * price of unrelated keys sometimes sharing a lock. Callers hold at most one lock of a set at a
 * time (or take them in one fixed order), so sharing can slow them but never deadlock them. They
 * hold in this process only ({@link SharedLocks#inProcess}).
 */
public final class PathLocks implements SharedLocks {

  private static final int STRIPES = 256;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  public PathLocks() {
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  @Override
  public ReentrantLock of(String key) {
    return locks[Math.floorMod(key.hashCode(), STRIPES)];
  }
}
