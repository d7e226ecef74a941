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
import dev.coffer.crypto.primitive.Aead;
import dev.coffer.crypto.primitive.AesGcmAead;
import dev.coffer.crypto.primitive.ChaCha20Poly1305Aead;
import dev.coffer.crypto.primitive.Fernet;
import dev.coffer.crypto.primitive.RsaOaepHybrid;
import dev.coffer.crypto.primitive.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The data operations on a named key (encrypt, decrypt, rewrap, data keys; AEAD, Fernet and RSA
 * hybrid) and the key-less helpers (random bytes, hashes). Batches answer item by item, in input
 * order; a bad item gets its own error and does not sink the others.
 */
@Service
class CryptoService {

  private final KeyService keys;
  private final CryptoProperties properties;
  private final CryptoMetrics metrics;
  private final Clock clock;

  CryptoService(KeyService keys, CryptoProperties properties, CryptoMetrics metrics, Clock clock) {
    this.keys = keys;
    this.clock = clock;
    this.properties = properties;
    this.metrics = metrics;
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
        eachItem(
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
        eachItem(
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
        eachItem(
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
    return seal(
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
              seal(key, version, dataKey, aad(key, request.associatedData(), ""), null);
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

  String random(Integer bytes, String format) {
    if (bytes == null || bytes < 1 || bytes > 1024) {
      throw CryptoProblem.invalid("bytes", "must be between 1 and 1024");
    }
    byte[] random = new byte[bytes];
    SecretBytes.fillRandom(random);
    if (format == null || format.equals("base64")) {
      return base64(random);
    }
    if (format.equals("hex")) {
      return HexFormat.of().formatHex(random);
    }
    throw CryptoProblem.invalid("format", "must be base64 or hex");
  }

  String hash(String input, String algorithm) {
    if (input == null) {
      throw CryptoProblem.invalid("input", "is required (base64)");
    }
    String jdkName =
        switch (algorithm == null ? "sha2-256" : algorithm) {
          case "sha2-256" -> "SHA-256";
          case "sha2-512" -> "SHA-512";
          case "sha3-256" -> "SHA3-256";
          default ->
              throw CryptoProblem.invalid("algorithm", "must be sha2-256, sha2-512 or sha3-256");
        };
    byte[] bytes = Base64Fields.decode("input", input);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(jdkName).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jdkName + " is not available in this JDK", e);
    }
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
    return seal(key, version, bytes, aad, null);
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

  /** Opens a ciphertext; every failure past input validation is the one opaque error. */
  private Opened open(
      StoredKey key, DecryptItem item, @Nullable Duration ttl, String prefix, Sample sample) {
    byte[] aad = aad(key, item.associatedData(), prefix);
    if (item.ciphertext() == null) {
      throw CryptoProblem.invalid(prefix + "ciphertext", "is required");
    }
    Opened opened = open(key, item.ciphertext(), aad, ttl);
    sample.bytes(opened.plaintext().length);
    return opened;
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

  /**
   * Runs {@code work} on each item, counting each as one operation and turning an item's 4xx
   * problem into its own {@code failure} result; a server-side problem fails the whole request.
   */
  private <I, R> List<R> eachItem(
      Operation operation,
      StoredKey key,
      List<I> items,
      boolean singleFieldsGiven,
      ItemWork<I, R> work,
      BiFunction<I, String, R> failure) {
    if (singleFieldsGiven) {
      throw CryptoProblem.invalid("batch", "cannot be combined with single-item fields");
    }
    if (items.size() > properties.maxBatchItems()) {
      throw CryptoProblem.batchTooLarge(properties.maxBatchItems());
    }
    List<R> results = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      I item = items.get(i);
      if (item == null) {
        throw CryptoProblem.invalid("batch[" + i + "]", "must be an object");
      }
      try {
        String prefix = "batch[" + i + "].";
        results.add(
            metrics.count(operation, key.type(), sample -> work.apply(item, prefix, sample)));
      } catch (CryptoProblem problem) {
        if (problem.status().is5xxServerError()) {
          throw problem;
        }
        results.add(failure.apply(item, problem.getMessage()));
      }
    }
    return results;
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

  /** One batch item's work, given the prefix for its field names and its sample to report to. */
  private interface ItemWork<I, R> {
    R apply(I item, String prefix, Sample sample);
  }

  /**
   * @param timestamp a Fernet token's creation time, kept when it is re-encrypted; else null
   */
  record Opened(byte[] plaintext, @Nullable Long timestamp) {}
}
