package dev.coffer.cluster;

/** Where locks that must hold for the whole deployment come from. */
public interface ClusterLocks {

  /** A set of locks of its own: keys of two namespaces never exclude each other. */
  SharedLocks named(String namespace);
}
