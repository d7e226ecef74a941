package dev.coffer.crypto;

import dev.coffer.crypto.primitive.Fernet;
import dev.coffer.crypto.primitive.SecretBytes;
import java.util.Base64;

/** New key material per type, and the export format that import reads back. */
final class KeyMaterial {

  static final int SYMMETRIC_KEY_LENGTH = 32;

  private KeyMaterial() {}

  static SecretBytes generate(KeyType type) {
    requireSupported(type);
    return SecretBytes.random(SYMMETRIC_KEY_LENGTH);
  }

  /**
   * Reads a key in the export format of its type.
   *
   * @throws CryptoProblem naming the field {@code key} when it is malformed
   */
  static SecretBytes parse(KeyType type, String encoded) {
    requireSupported(type);
    if (encoded == null || encoded.isBlank()) {
      throw CryptoProblem.invalid("key", "is required");
    }
    if (type == KeyType.FERNET) {
      try {
        return Fernet.parseKey(encoded);
      } catch (IllegalArgumentException e) {
        throw CryptoProblem.invalid(
            "key", "must be a Fernet key: URL-safe base64 of 32 bytes, as Fernet.generate_key()");
      }
    }
    byte[] raw = Base64Fields.decode("key", encoded.trim());
    if (raw.length != SYMMETRIC_KEY_LENGTH) {
      throw CryptoProblem.invalid(
          "key", "must be base64 of exactly " + SYMMETRIC_KEY_LENGTH + " bytes for " + type.id());
    }
    return SecretBytes.copyOf(raw);
  }

  static String format(KeyType type, SecretBytes material) {
    requireSupported(type);
    return type == KeyType.FERNET
        ? Fernet.formatKey(material)
        : Base64.getEncoder().encodeToString(material.toByteArray());
  }

  private static void requireSupported(KeyType type) {
    if (!type.supported()) {
      throw CryptoProblem.unsupportedType(type);
    }
  }
}
