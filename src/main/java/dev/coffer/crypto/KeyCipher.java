package dev.coffer.crypto;

import dev.coffer.crypto.primitive.Aead;
import dev.coffer.crypto.primitive.AesGcmAead;
import dev.coffer.crypto.primitive.ChaCha20Poly1305Aead;
import dev.coffer.crypto.primitive.Fernet;
import dev.coffer.crypto.primitive.RsaOaepHybrid;
import dev.coffer.crypto.primitive.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Ciphertexts under the versions of a stored key that {@link KeyType#encrypts()}: AEAD (AES-GCM,
 * ChaCha20-Poly1305) and RSA-OAEP hybrid ciphertexts carry their key version ({@link Ciphertexts});
 * a Fernet token does not, so opening one tries each version the key still decrypts. Whatever goes
 * wrong past input validation is the one opaque {@link CryptoProblem#decryptionFailed()}. Counting
 * is the caller's.
 */
@Service
class KeyCipher {

  private final KeyService keys;
  private final Clock clock;

  KeyCipher(KeyService keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Encrypts under one version of a key that {@link KeyType#encrypts()}; the caller counts it.
   *
   * @param fernetTimestamp the timestamp a re-encrypted Fernet token keeps, or null for now
   */
  String seal(
      StoredKey key, int version, byte[] plaintext, byte[] aad, @Nullable Long fernetTimestamp) {
    String ciphertext;
    if (key.type().isRsa()) {
      try {
        ciphertext =
            Ciphertexts.format(
                version,
                RsaOaepHybrid.encrypt(keys.keyPair(key, version).getPublic(), plaintext, aad));
      } catch (InvalidKeyException e) {
        throw CryptoProblem.keyUnavailable(key.name());
      }
    } else if (key.type() == KeyType.FERNET) {
      SecretBytes material = keys.material(key, version);
      Fernet fernet = new Fernet(material, clock);
      ciphertext =
          fernetTimestamp == null
              ? fernet.encrypt(plaintext)
              : fernet.encrypt(plaintext, fernetTimestamp);
    } else {
      ciphertext =
          Ciphertexts.format(
              version, aead(key.type(), keys.material(key, version)).encrypt(plaintext, aad));
    }
    return ciphertext;
  }

  /** Opens a ciphertext of any version the key still decrypts; failures are opaque. */
  Opened open(StoredKey key, String ciphertext, byte[] aad, @Nullable Duration ttl) {
    if (key.type() == KeyType.FERNET) {
      for (int v = key.latestVersion(); v >= key.minDecryptionVersion(); v--) {
        try {
          Fernet.Decrypted decrypted =
              new Fernet(keys.material(key, v), clock).decrypt(ciphertext, ttl);
          return new Opened(decrypted.plaintext(), decrypted.timestamp());
        } catch (GeneralSecurityException e) {
          // not this version's token (or not a valid token at all): try the next version
        }
      }
      throw CryptoProblem.decryptionFailed();
    }
    Ciphertexts.Parsed parsed = Ciphertexts.parse(ciphertext);
    if (parsed.version() < key.minDecryptionVersion() || parsed.version() > key.latestVersion()) {
      throw CryptoProblem.decryptionFailed();
    }
    try {
      if (key.type().isRsa()) {
        return new Opened(
            RsaOaepHybrid.decrypt(
                keys.keyPair(key, parsed.version()).getPrivate(), parsed.sealed(), aad),
            null);
      }
      return new Opened(
          aead(key.type(), keys.material(key, parsed.version())).decrypt(parsed.sealed(), aad),
          null);
    } catch (GeneralSecurityException e) {
      throw CryptoProblem.decryptionFailed();
    }
  }

  private static Aead aead(KeyType type, SecretBytes material) {
    return switch (type) {
      case AES256_GCM -> new AesGcmAead(material);
      case CHACHA20_POLY1305 -> new ChaCha20Poly1305Aead(material);
      default -> throw CryptoProblem.operationNotSupported(type, "encryption");
    };
  }

  /**
   * @param timestamp a Fernet token's creation time, kept when it is re-encrypted; else null
   */
  record Opened(byte[] plaintext, @Nullable Long timestamp) {}
}
