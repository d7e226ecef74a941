package dev.coffer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class PathLocksTest {

  private final PathLocks locks = new PathLocks();

  @Test
  void ofWhenTheSameKeyThenTheSameLock() {
    assertThat(locks.of("alice/a/b")).isSameAs(locks.of("alice/" + "a/b"));
  }

  @Test
  void ofWhenManyKeysThenAFixedNumberOfLocksAllInUse() {
    Set<ReentrantLock> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < 100_000; i++) {
      seen.add(locks.of("alice/file-" + i));
    }
    assertThat(seen).hasSize(256);
  }

  @Test
  void twoSetsNeverShareALock() {
    PathLocks other = new PathLocks();
    assertThat(other.of("alice/a")).isNotSameAs(locks.of("alice/a"));
  }
}
