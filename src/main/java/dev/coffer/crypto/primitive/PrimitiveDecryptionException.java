package dev.coffer.crypto.primitive;

import java.security.GeneralSecurityException;

/**
 * The one failure of every decrypt, unwrap and stream-decrypt in this package, whatever went wrong
 * (bad tag, wrong key, bad padding, truncated or reordered data, malformed header). It carries no
 * cause and always the same message, so nothing about the reason can leak to a caller's client.
 */
public final class PrimitiveDecryptionException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public PrimitiveDecryptionException() {
    super("decryption failed");
  }
}
