package dev.coffer.cluster;

import java.util.concurrent.locks.Lock;

/**
 * Locks by key that hold for every node writing to the same storage: in this process only when it
 * is the whole deployment, across processes when several nodes share the storage ({@link
 * ClusterLocks}). A lock is taken and released by one thread, and callers hold at most one lock of
 * a set at a time (or take them in one fixed order).
 */
public interface SharedLocks {

  /** The lock of {@code key}. */
  Lock of(String key);

  /** Locks of this process: enough when no other process writes to the storage. */
  static SharedLocks inProcess() {
    return new PathLocks();
  }

  /** Locks of this process, one per key ({@link KeyLocks}): a failed try means that key is held. */
  static SharedLocks exact() {
    return new KeyLocks();
  }
}
