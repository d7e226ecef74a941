package dev.coffer.files.storage;

/**
 * The room a caller grants a write: storage asks for bytes as content arrives (in chunks, so a
 * write over quota stops early) and gives back what it did not use. Typically backed by the owner's
 * quota in the database.
 */
public interface SpaceReservation {

  /** Takes {@code bytes} more; false, taking nothing, when they do not fit. */
  boolean tryReserve(long bytes);

  /** Gives {@code bytes} back. */
  void release(long bytes);

  /** A reservation that always fits and records nothing. */
  static SpaceReservation unlimited() {
    return new SpaceReservation() {
      @Override
      public boolean tryReserve(long bytes) {
        return true;
      }

      @Override
      public void release(long bytes) {}
    };
  }
}
