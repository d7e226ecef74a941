package dev.coffer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;

class KeyLocksTest {

  private final KeyLocks locks = new KeyLocks();

  @Test
  void tryLockWhenAnotherKeyWithTheSameHashIsHeldThenTakenAnyway() {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode()); // one stripe in PathLocks
    Lock aa = locks.of("Aa");
    assertThat(aa.tryLock()).isTrue();
    try {
      assertThat(CompletableFuture.supplyAsync(() -> tryAndRelease(locks.of("BB"))).join())
          .isTrue();
    } finally {
      aa.unlock();
    }
  }

  @Test
  void tryLockWhenTheKeyIsHeldByAnotherThreadThenRefusedUntilReleased() {
    Lock held = locks.of("alice/up");
    held.lock();
    try {
      assertThat(CompletableFuture.supplyAsync(() -> tryAndRelease(locks.of("alice/up"))).join())
          .isFalse();
    } finally {
      held.unlock();
    }
    assertThat(CompletableFuture.supplyAsync(() -> tryAndRelease(locks.of("alice/up"))).join())
        .isTrue();
  }

  @Test
  void tryLockWhenThisThreadHoldsTheKeyThenRefusedToo() {
    Lock held = locks.of("alice/up");
    held.lock();
    try {
      assertThat(locks.of("alice/up").tryLock()).isFalse();
    } finally {
      held.unlock();
    }
    assertThat(tryAndRelease(locks.of("alice/up"))).isTrue();
  }

  @Test
  void unlockWhenNotHeldThenRefused() {
    assertThatThrownBy(() -> locks.of("x").unlock())
        .isInstanceOf(IllegalMonitorStateException.class);
  }

  private static boolean tryAndRelease(Lock lock) {
    if (!lock.tryLock()) {
      return false;
    }
    lock.unlock();
    return true;
  }
}
