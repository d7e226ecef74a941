package dev.coffer.files.quota;

import dev.coffer.account.UsageLedger;
import dev.coffer.disk.DiskGuard;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;

/**
 * A user's quota in the account ledger, as the room storage asks for while bytes arrive; the disk's
 * free space above {@code coffer.disk.min-free} bounds it too, so an upload never fills the disk.
 */
public final class LedgerSpace {

  private LedgerSpace() {}

  public static SpaceReservation of(UsageLedger ledger, DiskGuard disk, String user) {
    return new SpaceReservation() {
      @Override
      public boolean tryReserve(long bytes) {
        if (!disk.hasRoomFor(bytes)) {
          throw new StorageException(Reason.NO_SPACE, "The storage is full.");
        }
        return ledger.tryReserve(user, bytes);
      }

      @Override
      public void release(long bytes) {
        ledger.release(user, bytes);
      }
    };
  }
}
