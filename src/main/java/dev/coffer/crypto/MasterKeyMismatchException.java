package dev.coffer.crypto;

/** Start-up refused: the master key is not the one the stored keys were wrapped under. */
class MasterKeyMismatchException extends IllegalStateException {

  MasterKeyMismatchException(String message) {
    super(message);
  }
}
