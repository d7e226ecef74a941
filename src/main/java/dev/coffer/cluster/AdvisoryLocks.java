package dev.coffer.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Locks that hold across every node on one PostgreSQL database: session-level advisory locks
 * ({@code pg_try_advisory_lock}) on a 64-bit hash of namespace and key, taken on one connection of
 * this node's own (outside the pool, so a lock never waits for a pooled connection that its holder
 * needs). Each lock is a node-local striped lock first, so that within a node one thread at a time
 * asks the database for a key (a session's advisory locks are reentrant, so two threads of one node
 * must not both hold a key through it), and an advisory lock second, which the database releases by
 * itself if the node dies or its connection drops.
 *
 * <p>Contention across nodes is rare (two nodes committing the same path at the same moment), so a
 * waiter retries a non-blocking attempt with a growing pause instead of blocking a connection.
 */
final class AdvisoryLocks implements ClusterLocks, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdvisoryLocks.class);
  private static final long MAX_PAUSE_NANOS = Duration.ofMillis(50).toNanos();

  private final String url;
  private final String username;
  private final String password;
  private final ReentrantLock guard = new ReentrantLock();
  private @Nullable Connection connection; // guarded by guard

  AdvisoryLocks(String url, String username, String password) {
    this.url = url;
    this.username = username;
    this.password = password;
  }

  @Override
  public SharedLocks named(String namespace) {
    return across(namespace, SharedLocks.inProcess());
  }

  /** The same with a lock of its own per key on this node too, so a failed try is that key's. */
  @Override
  public SharedLocks exact(String namespace) {
    return across(namespace, SharedLocks.exact());
  }

  private SharedLocks across(String namespace, SharedLocks local) {
    return key -> new NodeAndClusterLock(local.of(key), hash(namespace, key));
  }

  @Override
  public void close() {
    guard.lock();
    try {
      closeQuietly();
    } finally {
      guard.unlock();
    }
  }

  boolean tryAdvisory(long key) {
    return call("select pg_try_advisory_lock(?)", key);
  }

  void unlockAdvisory(long key) {
    try {
      call("select pg_advisory_unlock(?)", key);
    } catch (DataAccessResourceFailureException e) {
      // The session is gone, and its locks with it.
      log.warn("Could not release a cluster lock: {}", e.getMessage());
    }
  }

  private boolean call(String sql, long key) {
    guard.lock();
    try {
      if (connection == null || connection.isClosed()) {
        connection = DriverManager.getConnection(url, username, password);
        connection.setAutoCommit(true);
      }
      try (PreparedStatement s = connection.prepareStatement(sql)) {
        s.setLong(1, key);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getBoolean(1);
        }
      }
    } catch (SQLException e) {
      closeQuietly();
      throw new DataAccessResourceFailureException("The database holding cluster locks failed", e);
    } finally {
      guard.unlock();
    }
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // already gone
      }
      connection = null;
    }
  }

  static long hash(String namespace, String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(namespace.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return ByteBuffer.wrap(sha.digest(key.getBytes(StandardCharsets.UTF_8))).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The node's striped lock, then the database's advisory lock. */
  private final class NodeAndClusterLock extends PlainLock {
    private final Lock local;
    private final long key;

    NodeAndClusterLock(Lock local, long key) {
      this.local = local;
      this.key = key;
    }

    @Override
    public void lock() {
      local.lock();
      try {
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (!tryAdvisory(key)) {
          LockSupport.parkNanos(pause);
          pause = Math.min(MAX_PAUSE_NANOS, pause * 2);
        }
      } catch (RuntimeException e) {
        local.unlock();
        throw e;
      }
    }

    @Override
    public boolean tryLock() {
      if (!local.tryLock()) {
        return false;
      }
      boolean held = false;
      try {
        held = tryAdvisory(key);
        return held;
      } finally {
        if (!held) {
          local.unlock();
        }
      }
    }

    @Override
    public void unlock() {
      try {
        unlockAdvisory(key);
      } finally {
        local.unlock();
      }
    }
  }
}
