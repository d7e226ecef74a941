package dev.coffer.cluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * {@link Notices} over PostgreSQL {@code LISTEN}, on a connection of its own (outside the pool).
 *
 * <p>PostgreSQL signals every listening session while the notifying transaction commits, before the
 * committer hears that it has: the notice is on its way to this node before the request that made
 * the change can answer. {@link #catchUp} then reads what has reached this node's socket without a
 * round trip, so a cache hit right after a revocation elsewhere sees it. A background thread takes
 * notices in between, checks the connection every few seconds and reconnects; while the connection
 * is down, {@link #catchUp} is false and caches step aside.
 */
final class PostgresNotices implements Notices, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PostgresNotices.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration PING = Duration.ofSeconds(5);

  private static final Class<?> PG_CONNECTION = pgjdbc("org.postgresql.PGConnection");
  private static final Method GET_NOTIFICATIONS = method(PG_CONNECTION, "getNotifications");
  private static final Method GET_PARAMETER =
      method(pgjdbc("org.postgresql.PGNotification"), "getParameter");

  private final String url;
  private final String username;
  private final String password;
  private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();
  private final ReentrantLock guard = new ReentrantLock();

  private @Nullable Connection connection; // guarded by guard
  private volatile boolean listening;
  private volatile @Nullable Thread thread;

  PostgresNotices(String url, String username, String password) {
    this.url = url;
    this.username = username;
    this.password = password;
  }

  private static Class<?> pgjdbc(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("The PostgreSQL driver is on the class path", e);
    }
  }

  private static Method method(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(type.getName() + "." + name + " is pgjdbc's API", e);
    }
  }

  @Override
  public void subscribe(Consumer<String> onChange) {
    subscribers.add(onChange);
  }

  @Override
  public boolean catchUp() {
    if (!listening) {
      return false;
    }
    guard.lock();
    try {
      if (connection == null) {
        return false;
      }
      deliver(arrived(connection));
      return true;
    } catch (SQLException e) {
      lost(e);
      return false;
    } finally {
      guard.unlock();
    }
  }

  @Override
  public void start() {
    connect();
    Thread t = new Thread(this::run, "coffer-notices");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  public void stop() {
    Thread t = thread;
    thread = null;
    if (t != null) {
      t.interrupt();
    }
    guard.lock();
    try {
      listening = false;
      closeQuietly();
    } finally {
      guard.unlock();
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }

  /** Early, before the web server takes requests. */
  @Override
  public int getPhase() {
    return Integer.MIN_VALUE + 1000;
  }

  private void run() {
    long lastPing = System.nanoTime();
    while (thread == Thread.currentThread()) {
      if (!listening) {
        connect();
      } else if (System.nanoTime() - lastPing > PING.toNanos()) {
        ping();
        lastPing = System.nanoTime();
      } else {
        catchUp();
      }
      try {
        TimeUnit.MILLISECONDS.sleep(listening ? POLL.toMillis() : 1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Opens the listening connection (again); {@link #start} also starts the background thread. */
  void connect() {
    guard.lock();
    try {
      closeQuietly();
      Connection c = DriverManager.getConnection(url, username, password);
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("listen " + ACCOUNTS);
      }
      connection = c;
      listening = true;
      // Whatever changed while no one listened is unknown: start afresh.
      deliverAll();
    } catch (SQLException e) {
      log.warn(
          "Cannot listen for account changes (caches are bypassed until it can): {}", e.toString());
      closeQuietly();
    } finally {
      guard.unlock();
    }
  }

  private void ping() {
    guard.lock();
    try {
      Connection c = connection;
      if (c == null) {
        return;
      }
      try (Statement s = c.createStatement()) {
        s.execute("select 1");
        deliver(arrived(c));
      }
    } catch (SQLException | RuntimeException e) {
      lost(e);
    } finally {
      guard.unlock();
    }
  }

  private void lost(Exception e) {
    if (listening) {
      log.warn("Lost the connection that listens for account changes: {}", e.toString());
    }
    listening = false;
    deliverAll();
    closeQuietly();
  }

  private void deliver(List<String> arrived) {
    for (String who : arrived) {
      subscribers.forEach(s -> s.accept(who.isEmpty() ? null : who));
    }
  }

  /**
   * The payloads of the notices that have reached this connection, read without a round trip.
   * pgjdbc's API is reached by reflection: its classes carry annotations of a library that is not
   * on the compile path, which the build's strict lint would report.
   */
  private static List<String> arrived(Connection c) throws SQLException {
    try {
      Object notices = GET_NOTIFICATIONS.invoke(c.unwrap(PG_CONNECTION));
      if (notices == null) {
        return List.of();
      }
      List<String> payloads = new ArrayList<>();
      for (Object notice : (Object[]) notices) {
        Object payload = GET_PARAMETER.invoke(notice);
        payloads.add(payload == null ? "" : payload.toString());
      }
      return payloads;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("pgjdbc's notification API is public", e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException("Reading notifications failed", e.getCause());
    }
  }

  private void deliverAll() {
    subscribers.forEach(s -> s.accept(null));
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
}
