package dev.coffer.crypto;

import java.util.Base64;

/**
 * The ciphertext string of the AEAD key types: {@code coffer:v<version>:<base64 of nonce ‖
 * ciphertext ‖ tag>}. The version says which key version to open it with.
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
    if (ciphertext == null || !ciphertext.startsWith(PREFIX)) {
      throw CryptoProblem.decryptionFailed();
    }
    int colon = ciphertext.indexOf(':', PREFIX.length());
    if (colon < PREFIX.length() + 1 || colon > PREFIX.length() + 9) {
      throw CryptoProblem.decryptionFailed();
    }
    int version = 0;
    for (int i = PREFIX.length(); i < colon; i++) {
      char c = ciphertext.charAt(i);
      if (c < '0' || c > '9') {
        throw CryptoProblem.decryptionFailed();
      }
      version = version * 10 + (c - '0');
    }
    try {
      return new Parsed(version, Base64.getDecoder().decode(ciphertext.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw CryptoProblem.decryptionFailed();
    }
  }

  record Parsed(int version, byte[] sealed) {}
}
