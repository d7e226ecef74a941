package dev.coffer.crypto;

import dev.coffer.crypto.primitive.AsymmetricKeys;
import dev.coffer.crypto.primitive.Fernet;
import dev.coffer.crypto.primitive.RsaOaepHybrid;
import dev.coffer.crypto.primitive.SecretBytes;
import dev.coffer.crypto.primitive.Signatures;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Base64;

/**
 * New key material per type, and the export format that import reads back. Symmetric material is
 * the raw 32 bytes; asymmetric material is the private key's canonical PKCS#8 DER, exported and
 * imported as PEM.
 */
final class KeyMaterial {

  static final int SYMMETRIC_KEY_LENGTH = 32;

  private KeyMaterial() {}

  static SecretBytes generate(KeyType type) {
    if (!type.asymmetric()) {
      return SecretBytes.random(SYMMETRIC_KEY_LENGTH);
    }
    KeyPair pair =
        switch (type) {
          case ED25519 -> Signatures.generateEd25519();
          case ECDSA_P256 -> Signatures.generateEcdsaP256();
          default -> RsaOaepHybrid.generateKeyPair(type.rsaBits());
        };
    return SecretBytes.copyOf(pair.getPrivate().getEncoded());
  }

  /**
   * Reads a key in the export format of its type.
   *
   * @throws CryptoProblem naming the field {@code key} when it is malformed
   */
  static SecretBytes parse(KeyType type, String encoded) {
    if (encoded == null || encoded.isBlank()) {
      throw CryptoProblem.invalid("key", "is required");
    }
    if (type.asymmetric()) {
      return SecretBytes.copyOf(parsePem(type, encoded).getEncoded());
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
    if (type.asymmetric()) {
      return AsymmetricKeys.toPem(privateKey(material));
    }
    return type == KeyType.FERNET
        ? Fernet.formatKey(material)
        : Base64.getEncoder().encodeToString(material.toByteArray());
  }

  /** The private key of stored asymmetric material. */
  static PrivateKey privateKey(SecretBytes material) {
    byte[] der = material.toByteArray();
    try {
      return AsymmetricKeys.privateKeyFromDer(der);
    } finally {
      java.util.Arrays.fill(der, (byte) 0);
    }
  }

  private static PrivateKey parsePem(KeyType type, String pem) {
    PrivateKey key;
    try {
      key = AsymmetricKeys.privateKeyFromPem(pem);
    } catch (IllegalArgumentException e) {
      throw CryptoProblem.invalid(
          "key",
          e.getMessage()
              + " (expected an unencrypted PEM private key of type "
              + type.id()
              + ": PKCS#8, PKCS#1 or SEC 1)");
    }
    if (!matches(type, key)) {
      throw CryptoProblem.invalid("key", "is not a " + type.id() + " private key");
    }
    return key;
  }

  private static boolean matches(KeyType type, PrivateKey key) {
    Signatures.Algorithm algorithm = Signatures.Algorithm.of(key);
    return switch (type) {
      case ED25519 -> algorithm == Signatures.Algorithm.ED25519;
      case ECDSA_P256 -> algorithm == Signatures.Algorithm.ECDSA_P256_SHA256;
      default ->
          algorithm == Signatures.Algorithm.RSA_PSS_SHA256
              && RsaOaepHybrid.modulusBits(key) == type.rsaBits();
    };
  }
}
