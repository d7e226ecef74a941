package dev.coffer.files.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import org.junit.jupiter.api.Test;

class SpaceReserverTest {

  private static final long CHUNK = SpaceReserver.CHUNK;

  @Test
  void needWhenRoomThenAChunkAheadAndNoMoreAsksUntilItIsUsed() {
    MemorySpace space = new MemorySpace(Long.MAX_VALUE);
    SpaceReserver reserver = new SpaceReserver(space);
    reserver.need(1);
    reserver.need(CHUNK);
    assertThat(space.used()).isEqualTo(CHUNK);
    assertThat(space.asked()).isEqualTo(1);
    reserver.need(CHUNK + 1);
    assertThat(space.used()).isEqualTo(2 * CHUNK);
    assertThat(space.asked()).isEqualTo(2);
  }

  @Test
  void needWhenAChunkDoesNotFitThenExactlyWhatIsMissing() {
    MemorySpace space = new MemorySpace(100);
    SpaceReserver reserver = new SpaceReserver(space);
    reserver.need(60);
    reserver.need(100);
    assertThat(space.used()).isEqualTo(100);
  }

  @Test
  void needWhenEvenTheMissingBytesDoNotFitThenQuotaExceededAndNothingMoreTaken() {
    MemorySpace space = new MemorySpace(100);
    SpaceReserver reserver = new SpaceReserver(space);
    reserver.need(60);
    assertThatThrownBy(() -> reserver.need(101))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.QUOTA_EXCEEDED));
    assertThat(space.used()).isEqualTo(60);
  }

  @Test
  void settleKeepsWhatWasUsedAndGivesTheRestBack() {
    MemorySpace space = new MemorySpace(Long.MAX_VALUE);
    SpaceReserver reserver = new SpaceReserver(space);
    reserver.need(10);
    reserver.settle(10);
    assertThat(space.used()).isEqualTo(10);
    reserver.need(12); // the reserver now holds exactly 10: 2 more are missing
    assertThat(space.used()).isEqualTo(10 + CHUNK);
  }

  @Test
  void abortGivesEverythingBack() {
    MemorySpace space = new MemorySpace(Long.MAX_VALUE);
    SpaceReserver reserver = new SpaceReserver(space);
    reserver.need(3 * CHUNK);
    reserver.abort();
    assertThat(space.used()).isZero();
    reserver.abort();
    assertThat(space.used()).isZero();
  }
}
