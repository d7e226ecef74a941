package dev.coffer.cluster;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks of this process, one of its own per key for as long as a thread holds or awaits it: unlike
 * {@link PathLocks} two keys never share a lock, so a {@link Lock#tryLock} that fails means that
 * very key is held. Memory grows with the locks held, not with the keys ever seen. Not reentrant: a
 * thread that holds a key is refused it again, as any other would be (what holds a key is one piece
 * of work, not a thread).
 */
public final class KeyLocks implements SharedLocks {

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** A key's lock and how many threads hold or await it (changed only inside the map's compute). */
  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    int users;
  }

  @Override
  public Lock of(String key) {
    return new KeyLock(key);
  }

  private Entry enter(String key) {
    return entries.compute(
        key,
        (k, e) -> {
          Entry entry = e == null ? new Entry() : e;
          entry.users++;
          return entry;
        });
  }

  private void leave(String key) {
    entries.computeIfPresent(key, (k, e) -> --e.users == 0 ? null : e);
  }

  private final class KeyLock extends PlainLock {
    private final String key;

    KeyLock(String key) {
      this.key = key;
    }

    @Override
    public void lock() {
      Entry entry = enter(key);
      if (entry.lock.isHeldByCurrentThread()) {
        leave(key);
        throw new IllegalStateException("The lock of " + key + " is held by this thread already");
      }
      entry.lock.lock();
    }

    @Override
    public boolean tryLock() {
      Entry entry = enter(key);
      if (!entry.lock.isHeldByCurrentThread() && entry.lock.tryLock()) {
        return true;
      }
      leave(key);
      return false;
    }

    @Override
    public void unlock() {
      Entry entry = entries.get(key);
      if (entry == null || !entry.lock.isHeldByCurrentThread()) {
        throw new IllegalMonitorStateException("The lock of " + key + " is not held here");
      }
      entry.lock.unlock();
      leave(key);
    }
  }
}
