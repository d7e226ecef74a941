package dev.coffer.crypto.primitive;

import java.security.GeneralSecurityException;

/**
 * Authenticated encryption with associated data. The ciphertext carries its own nonce, so a caller
 * only ever handles {@code encrypt(plaintext, associatedData)} and its inverse; every way a
 * decryption can fail (tampering, truncation, wrong key, wrong associated data) is the same {@link
 * GeneralSecurityException}.
 */
public interface Aead {

  /**
   * @param associatedData authenticated but not encrypted; may be empty, never null
   * @return nonce ‖ ciphertext ‖ tag
   */
  byte[] encrypt(byte[] plaintext, byte[] associatedData);

  /**
   * @throws GeneralSecurityException when the ciphertext is not authentic under this key and
   *     associated data
   */
  byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException;
}
