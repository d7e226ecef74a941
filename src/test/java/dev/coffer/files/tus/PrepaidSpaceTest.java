package dev.coffer.files.tus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.files.quota.SpaceReserver;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrepaidSpaceTest {

  private static final long MIB = 1024 * 1024;

  /** A quota of {@code limit} bytes on a disk with room for {@code disk}; records every ask. */
  private static final class Quota implements SpaceReservation {
    final List<Long> asks = new ArrayList<>();
    final long limit;
    final long disk;
    long reserved;

    Quota(long limit, long disk) {
      this.limit = limit;
      this.disk = disk;
    }

    @Override
    public boolean tryReserve(long bytes) {
      asks.add(bytes);
      if (reserved + bytes > disk) {
        throw new StorageException(Reason.NO_SPACE, "The storage is full.");
      }
      if (reserved + bytes > limit) {
        return false;
      }
      reserved += bytes;
      return true;
    }

    @Override
    public void release(long bytes) {
      reserved -= bytes;
    }
  }

  /** Storage's side: reserves as 256 KiB buffers arrive, then keeps what it wrote. */
  private static void store(SpaceReservation space, long bytes) {
    SpaceReserver reserver = new SpaceReserver(space);
    for (long written = 0; written < bytes; written += Math.min(256 * 1024, bytes - written)) {
      reserver.need(written + Math.min(256 * 1024, bytes - written));
    }
    reserver.settle(bytes);
  }

  @Test
  void aLargeChunkOfKnownLengthThenTheQuotaIsAskedOnceNotEvery8Mib() {
    Quota quota = new Quota(Long.MAX_VALUE, Long.MAX_VALUE);
    try (PrepaidSpace room = new PrepaidSpace(quota, 1024 * MIB)) {
      store(room, 1024 * MIB);
    }
    assertThat(quota.asks).hasSizeLessThanOrEqualTo(2).first().isEqualTo(1024 * MIB);
    assertThat(quota.reserved).isEqualTo(1024 * MIB);
  }

  @Test
  void theChunkEndsEarlyThenWhatItDidNotUseGoesBackOnClose() {
    Quota quota = new Quota(Long.MAX_VALUE, Long.MAX_VALUE);
    PrepaidSpace room = new PrepaidSpace(quota, 100 * MIB);
    store(room, 30 * MIB + 5);
    assertThat(quota.reserved).isEqualTo(100 * MIB);
    room.close();
    assertThat(quota.reserved).isEqualTo(30 * MIB + 5);
  }

  @Test
  void theWholeChunkDoesNotFitThenStorageIsRefusedWhereItWouldHaveBeen() {
    Quota quota = new Quota(20 * MIB, Long.MAX_VALUE);
    try (PrepaidSpace room = new PrepaidSpace(quota, 100 * MIB)) {
      assertThatThrownBy(() -> store(room, 100 * MIB))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.QUOTA_EXCEEDED));
      // the 20 MiB that fit were taken in storage's 8 MiB steps, as without a known length
      assertThat(quota.reserved).isEqualTo(20 * MIB);
    }
  }

  @Test
  void theDiskHasNoRoomForTheWholeChunkThenTheRefusalComesWhereItWouldHaveBeen() {
    Quota quota = new Quota(Long.MAX_VALUE, 64 * MIB);
    try (PrepaidSpace room = new PrepaidSpace(quota, 100 * MIB)) {
      store(room, 50 * MIB);
    }
    assertThat(quota.reserved).isEqualTo(50 * MIB);
    Quota full = new Quota(Long.MAX_VALUE, 8 * MIB);
    try (PrepaidSpace room = new PrepaidSpace(full, 100 * MIB)) {
      assertThatThrownBy(() -> store(room, 100 * MIB))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_SPACE));
    }
  }

  @Test
  void aSmallOrUnknownLengthThenStorageAsksAsItWouldWithoutIt() {
    for (long announced : new long[] {-1, 0, MIB}) {
      Quota quota = new Quota(Long.MAX_VALUE, Long.MAX_VALUE);
      try (PrepaidSpace room = new PrepaidSpace(quota, announced)) {
        store(room, MIB);
      }
      assertThat(quota.asks).as("announced %d", announced).containsExactly(8 * MIB);
      assertThat(quota.reserved).isEqualTo(MIB);
    }
  }
}
