package dev.coffer.cluster;

import java.util.function.Consumer;

/**
 * Word of changes to accounts and tokens made by any node, so that what a node caches about them
 * ends the moment the change is committed anywhere. On PostgreSQL the database itself sends them:
 * triggers on {@code users} and {@code api_tokens} call {@code pg_notify} (delivered at commit, to
 * every node listening), whoever made the change, a node or an operator's SQL. With an embedded
 * database this process is the only writer, and its own code clears its caches.
 */
public interface Notices {

  /** The channel the database triggers notify on (payload: the username concerned). */
  String ACCOUNTS = "coffer_accounts";

  /**
   * Calls {@code onChange} with the username of each changed account (its row or one of its
   * tokens), or with null when changes may have been missed (the listening connection was lost) and
   * everything cached must go.
   */
  void subscribe(Consumer<String> onChange);

  /**
   * Takes in what has arrived; true when every change committed before this call is known here, so
   * a cached entry may be trusted. False while this node cannot hear changes; callers then ask the
   * database.
   */
  boolean catchUp();

  /** For a single process: no other writer, nothing to hear. */
  static Notices local() {
    return new Notices() {
      @Override
      public void subscribe(Consumer<String> onChange) {}

      @Override
      public boolean catchUp() {
        return true;
      }
    };
  }
}
