package dev.coffer.crypto;

import dev.coffer.crypto.CryptoDtos.DatakeyRequest;
import dev.coffer.crypto.CryptoDtos.DatakeyResponse;
import dev.coffer.crypto.CryptoDtos.DecryptItem;
import dev.coffer.crypto.CryptoDtos.DecryptRequest;
import dev.coffer.crypto.CryptoDtos.DecryptResponse;
import dev.coffer.crypto.CryptoDtos.DecryptResult;
import dev.coffer.crypto.CryptoDtos.EncryptRequest;
import dev.coffer.crypto.CryptoDtos.EncryptResponse;
import dev.coffer.crypto.CryptoDtos.EncryptResult;
import dev.coffer.crypto.CryptoDtos.RewrapRequest;
import dev.coffer.crypto.CryptoMetrics.Operation;
import dev.coffer.crypto.CryptoMetrics.Sample;
import dev.coffer.crypto.KeyCipher.Opened;
import dev.coffer.crypto.primitive.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The data operations on a named key (encrypt, decrypt, rewrap, data keys; AEAD, Fernet and RSA
 * hybrid): the requests' checks, and the counting. The ciphertexts are {@link KeyCipher}'s; batches
 * answer item by item ({@link ItemBatches}). The key-less helpers are {@link CryptoTools}.
 */
@Service
class CryptoService {

  private final KeyService keys;
  private final KeyCipher cipher;
  private final CryptoMetrics metrics;
  private final ItemBatches batches;

  CryptoService(
      KeyService keys, KeyCipher cipher, CryptoProperties properties, CryptoMetrics metrics) {
    this.keys = keys;
    this.cipher = cipher;
    this.metrics = metrics;
    this.batches = new ItemBatches(properties.maxBatchItems(), metrics);
  }

  EncryptResponse encrypt(String owner, String name, EncryptRequest request) {
    StoredKey key = keys.settings(owner, name);
    if (request.batch() == null) {
      return metrics.count(
          Operation.ENCRYPT,
          key.type(),
          sample -> {
            int version =
                encryptionVersion(requireEncrypts(key, "encryption"), request.keyVersion());
            return new EncryptResponse(
                seal(
                    key,
                    version,
                    request.plaintext(),
                    request.text(),
                    request.associatedData(),
                    "",
                    sample),
                version,
                null);
          });
    }
    int version = encryptionVersion(requireEncrypts(key, "encryption"), request.keyVersion());
    return new EncryptResponse(
        null,
        null,
        batches.eachItem(
            Operation.ENCRYPT,
            key,
            request.batch(),
            request.plaintext() != null
                || request.text() != null
                || request.associatedData() != null,
            (item, prefix, sample) ->
                new EncryptResult(
                    seal(
                        key,
                        version,
                        item.plaintext(),
                        item.text(),
                        item.associatedData(),
                        prefix,
                        sample),
                    version,
                    null,
                    item.reference()),
            (item, error) -> new EncryptResult(null, null, error, item.reference())));
  }

  DecryptResponse decrypt(String owner, String name, DecryptRequest request) {
    StoredKey key = keys.settings(owner, name);
    if (request.batch() == null) {
      return metrics.count(
          Operation.DECRYPT,
          key.type(),
          sample -> {
            Duration ttl = ttl(requireEncrypts(key, "decryption"), request.ttlSeconds());
            DecryptItem item =
                new DecryptItem(request.ciphertext(), request.associatedData(), null);
            byte[] plaintext = open(key, item, ttl, "", sample).plaintext();
            return new DecryptResponse(base64(plaintext), textOrNull(plaintext), null);
          });
    }
    Duration ttl = ttl(requireEncrypts(key, "decryption"), request.ttlSeconds());
    return new DecryptResponse(
        null,
        null,
        batches.eachItem(
            Operation.DECRYPT,
            key,
            request.batch(),
            request.ciphertext() != null || request.associatedData() != null,
            (item, prefix, sample) -> {
              byte[] plaintext = open(key, item, ttl, prefix, sample).plaintext();
              return new DecryptResult(
                  base64(plaintext), textOrNull(plaintext), null, item.reference());
            },
            (item, error) -> new DecryptResult(null, null, error, item.reference())));
  }

  /** Decrypts and re-encrypts under the latest (or a chosen) version; the plaintext stays here. */
  EncryptResponse rewrap(String owner, String name, RewrapRequest request) {
    StoredKey key = keys.settings(owner, name);
    if (request.batch() == null) {
      return metrics.count(
          Operation.REWRAP,
          key.type(),
          sample -> {
            int version = encryptionVersion(requireEncrypts(key, "rewrap"), request.keyVersion());
            Duration ttl = ttl(key, request.ttlSeconds());
            DecryptItem item =
                new DecryptItem(request.ciphertext(), request.associatedData(), null);
            return new EncryptResponse(
                rewrapOne(key, version, item, ttl, "", sample), version, null);
          });
    }
    int version = encryptionVersion(requireEncrypts(key, "rewrap"), request.keyVersion());
    Duration ttl = ttl(key, request.ttlSeconds());
    return new EncryptResponse(
        null,
        null,
        batches.eachItem(
            Operation.REWRAP,
            key,
            request.batch(),
            request.ciphertext() != null || request.associatedData() != null,
            (item, prefix, sample) ->
                new EncryptResult(
                    rewrapOne(key, version, item, ttl, prefix, sample),
                    version,
                    null,
                    item.reference()),
            (item, error) -> new EncryptResult(null, null, error, item.reference())));
  }

  private String rewrapOne(
      StoredKey key,
      int version,
      DecryptItem item,
      @Nullable Duration ttl,
      String prefix,
      Sample sample) {
    Opened opened = open(key, item, ttl, prefix, sample);
    return cipher.seal(
        key,
        version,
        opened.plaintext(),
        aad(key, item.associatedData(), prefix),
        opened.timestamp());
  }

  /** A fresh data key, returned encrypted under the named key (and in plaintext on request). */
  DatakeyResponse datakey(String owner, String name, DatakeyRequest request) {
    StoredKey key = keys.settings(owner, name);
    return metrics.count(
        Operation.DATAKEY,
        key.type(),
        sample -> {
          requireEncrypts(key, "data keys");
          int bits = request.bits() == null ? 256 : request.bits();
          if (bits != 128 && bits != 256) {
            throw CryptoProblem.invalid("bits", "must be 128 or 256");
          }
          int version = encryptionVersion(key, null);
          byte[] dataKey = SecretBytes.random(bits / 8).toByteArray();
          String ciphertext =
              cipher.seal(key, version, dataKey, aad(key, request.associatedData(), ""), null);
          return new DatakeyResponse(
              ciphertext,
              Boolean.TRUE.equals(request.includePlaintext()) ? base64(dataKey) : null,
              version);
        });
  }

  /**
   * The key itself, refused with a 400 that says so when its type does not encrypt.
   *
   * @param operation what was asked, for the message
   */
  private static StoredKey requireEncrypts(StoredKey key, String operation) {
    if (!key.type().encrypts()) {
      throw CryptoProblem.operationNotSupported(
          key.type(), operation, "they sign (sign, verify) and compute HMACs (hmac)");
    }
    return key;
  }

  private String seal(
      StoredKey key,
      int version,
      String plaintext,
      String text,
      String associatedData,
      String prefix,
      Sample sample) {
    byte[] aad = aad(key, associatedData, prefix);
    byte[] bytes = Base64Fields.plaintextOrText(prefix, plaintext, text);
    sample.bytes(bytes.length);
    return cipher.seal(key, version, bytes, aad, null);
  }

  /** Opens a ciphertext; every failure past input validation is the one opaque error. */
  private Opened open(
      StoredKey key, DecryptItem item, @Nullable Duration ttl, String prefix, Sample sample) {
    byte[] aad = aad(key, item.associatedData(), prefix);
    if (item.ciphertext() == null) {
      throw CryptoProblem.invalid(prefix + "ciphertext", "is required");
    }
    Opened opened = cipher.open(key, item.ciphertext(), aad, ttl);
    sample.bytes(opened.plaintext().length);
    return opened;
  }

  private static byte[] aad(StoredKey key, String associatedData, String prefix) {
    if (associatedData != null && key.type() == KeyType.FERNET) {
      throw CryptoProblem.invalid(
          prefix + "associatedData", "fernet keys do not take associated data");
    }
    return Base64Fields.decodeOptional(prefix + "associatedData", associatedData);
  }

  static int encryptionVersion(StoredKey key, @Nullable Integer requested) {
    if (requested == null) {
      return key.latestVersion();
    }
    if (requested < key.encryptionFloor() || requested > key.latestVersion()) {
      throw CryptoProblem.invalid(
          "keyVersion", "must be between " + key.encryptionFloor() + " and " + key.latestVersion());
    }
    return requested;
  }

  private static @Nullable Duration ttl(StoredKey key, @Nullable Long ttlSeconds) {
    if (ttlSeconds == null) {
      return null;
    }
    if (key.type() != KeyType.FERNET) {
      throw CryptoProblem.invalid("ttlSeconds", "applies to fernet keys only");
    }
    if (ttlSeconds < 0) {
      throw CryptoProblem.invalid("ttlSeconds", "must not be negative");
    }
    return Duration.ofSeconds(ttlSeconds);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The plaintext as text when it is valid UTF-8, for callers that sent text. */
  private static @Nullable String textOrNull(byte[] plaintext) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(plaintext))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
