package dev.coffer.files;

import dev.coffer.account.UsageLedger;
import dev.coffer.files.storage.SpaceReservation;

/** A user's quota in the account ledger, as the room storage asks for while bytes arrive. */
public final class LedgerSpace {

  private LedgerSpace() {}

  public static SpaceReservation of(UsageLedger ledger, String user) {
    return new SpaceReservation() {
      @Override
      public boolean tryReserve(long bytes) {
        return ledger.tryReserve(user, bytes);
      }

      @Override
      public void release(long bytes) {
        ledger.release(user, bytes);
      }
    };
  }
}
