package dev.coffer.cluster;

/** Where locks that must hold for the whole deployment come from. */
public interface ClusterLocks {

  /** A set of locks of its own: keys of two namespaces never exclude each other. */
  SharedLocks named(String namespace);

  /**
   * A set of its own in which two keys never share a lock, for callers that try a lock and refuse
   * when it is taken ({@link java.util.concurrent.locks.Lock#tryLock}): a refusal then means that
   * key is held, on this node or another. {@link #named} may stripe keys to bound its memory.
   */
  default SharedLocks exact(String namespace) {
    return SharedLocks.exact();
  }
}
