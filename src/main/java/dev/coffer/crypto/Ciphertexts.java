package dev.coffer.crypto;

import java.util.Base64;
import java.util.Optional;

/**
 * The ciphertext string of the AEAD and RSA key types, {@code coffer:v<version>:<base64>}, also
 * used for signatures and HMACs. The version says which key version made it.
 */
final class Ciphertexts {

  private static final String PREFIX = "coffer:v";

  private Ciphertexts() {}

  static String format(int version, byte[] sealed) {
    return PREFIX + version + ":" + Base64.getEncoder().encodeToString(sealed);
  }

  /**
   * @throws CryptoProblem the opaque decryption failure when the string is not of this shape
   */
  static Parsed parse(String ciphertext) {
    return tryParse(ciphertext).orElseThrow(CryptoProblem::decryptionFailed);
  }

  /** The version and bytes of a {@code coffer:v<N>:<base64>} string (signatures, HMACs too). */
  static Optional<Parsed> tryParse(String ciphertext) {
    if (ciphertext == null || !ciphertext.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int colon = ciphertext.indexOf(':', PREFIX.length());
    if (colon < PREFIX.length() + 1 || colon > PREFIX.length() + 9) {
      return Optional.empty();
    }
    int version = 0;
    for (int i = PREFIX.length(); i < colon; i++) {
      char c = ciphertext.charAt(i);
      if (c < '0' || c > '9') {
        return Optional.empty();
      }
      version = version * 10 + (c - '0');
    }
    try {
      return Optional.of(
          new Parsed(version, Base64.getDecoder().decode(ciphertext.substring(colon + 1))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  record Parsed(int version, byte[] sealed) {}
}
