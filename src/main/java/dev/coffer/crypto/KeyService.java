package dev.coffer.crypto;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.coffer.account.UserDeletedEvent;
import dev.coffer.crypto.primitive.AsymmetricKeys;
import dev.coffer.crypto.primitive.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each user's named, versioned keys: their life cycle and their rules, and the one place where key
 * material is wrapped, unwrapped and (briefly, in memory) cached. Every lookup is by owner, so a
 * key is invisible to everyone else: another user's key is simply "not found".
 */
@Service
class KeyService {

  static final String MATERIAL = "material";
  static final String HMAC_SUBKEY = "hmac";
  static final int HMAC_SUBKEY_LENGTH = 32;

  private static final Logger log = LoggerFactory.getLogger(KeyService.class);

  private final KeyRepository keys;
  private final MasterKey master;
  private final Cache<CachedVersion, SecretBytes> material;
  private final Cache<CachedVersion, KeyPair> keyPairs;
  private final Clock clock;

  KeyService(KeyRepository keys, MasterKey master, CryptoProperties properties, Clock clock) {
    this.keys = keys;
    this.clock = clock;
    this.master = master;
    this.material =
        Caffeine.newBuilder()
            .maximumSize(properties.keyCacheSize())
            .expireAfterAccess(properties.keyCacheTtl())
            .build();
    this.keyPairs =
        Caffeine.newBuilder()
            .maximumSize(properties.keyCacheSize())
            .expireAfterAccess(properties.keyCacheTtl())
            .build();
  }

  @Transactional
  StoredKey create(
      String owner, String name, String typeId, boolean exportable, boolean deletable) {
    KeyType type = typeId == null ? KeyType.DEFAULT : parseType(typeId);
    return insert(owner, name, type, KeyMaterial.generate(type), exportable, deletable);
  }

  @Transactional
  StoredKey importKey(
      String owner,
      String name,
      String typeId,
      String encoded,
      boolean exportable,
      boolean deletable) {
    if (typeId == null) {
      throw CryptoProblem.invalid("type", "is required for an import");
    }
    KeyType type = parseType(typeId);
    return insert(owner, name, type, KeyMaterial.parse(type, encoded), exportable, deletable);
  }

  List<StoredKey> list(String owner) {
    return keys.findAll(owner);
  }

  StoredKey get(String owner, String name) {
    return keys.find(owner, name).orElseThrow(() -> CryptoProblem.keyNotFound(name));
  }

  /** The key's settings without its version list, for the data operations. */
  StoredKey settings(String owner, String name) {
    return keys.findSettings(owner, name).orElseThrow(() -> CryptoProblem.keyNotFound(name));
  }

  @Transactional
  StoredKey update(String owner, String name, KeyPatch patch) {
    StoredKey old = settings(owner, name);
    if (Boolean.FALSE.equals(patch.exportable()) && old.exportable()) {
      throw CryptoProblem.invalid("exportable", "an exportable key cannot be made unexportable");
    }
    int minDecryption =
        patch.minDecryptionVersion() == null
            ? old.minDecryptionVersion()
            : patch.minDecryptionVersion();
    if (minDecryption < 1 || minDecryption > old.latestVersion()) {
      throw CryptoProblem.invalid(
          "minDecryptionVersion",
          "must be between 1 and the latest version " + old.latestVersion());
    }
    int minEncryption =
        patch.minEncryptionVersion() == null
            ? old.minEncryptionVersion()
            : patch.minEncryptionVersion();
    if (minEncryption != 0
        && (minEncryption < minDecryption || minEncryption > old.latestVersion())) {
      throw CryptoProblem.invalid(
          "minEncryptionVersion",
          "must be 0 (no floor) or between minDecryptionVersion "
              + minDecryption
              + " and the latest version "
              + old.latestVersion());
    }
    keys.updateSettings(
        owner,
        name,
        minDecryption,
        minEncryption,
        old.exportable() || Boolean.TRUE.equals(patch.exportable()),
        patch.deletionAllowed() == null ? old.deletionAllowed() : patch.deletionAllowed());
    return get(owner, name);
  }

  @Transactional
  void delete(String owner, String name) {
    StoredKey key = settings(owner, name);
    if (!key.deletionAllowed()) {
      throw CryptoProblem.deletionNotAllowed(name);
    }
    keys.delete(owner, name);
    forget(List.of(key.id()));
  }

  @Transactional
  StoredKey rotate(String owner, String name) {
    StoredKey key = settings(owner, name);
    // Generate first: an RSA-4096 key takes seconds, and nextVersion locks the key row.
    SecretBytes secret = KeyMaterial.generate(key.type());
    int version = keys.nextVersion(owner, name);
    storeVersion(key.owner(), key.name(), key.type(), version, secret);
    return get(owner, name);
  }

  /**
   * Exported key strings by version.
   *
   * @param which {@code latest} (or null), {@code all}, or a version number
   */
  Map<String, String> export(String owner, String name, String which) {
    StoredKey key = settings(owner, name);
    if (!key.exportable()) {
      throw CryptoProblem.notExportable(name);
    }
    List<Integer> versions;
    if (which == null || which.equals("latest")) {
      versions = List.of(key.latestVersion());
    } else if (which.equals("all")) {
      versions = java.util.stream.IntStream.rangeClosed(1, key.latestVersion()).boxed().toList();
    } else {
      int version;
      try {
        version = Integer.parseInt(which);
      } catch (NumberFormatException e) {
        throw CryptoProblem.invalid("version", "must be latest, all or a version number");
      }
      if (version < 1 || version > key.latestVersion()) {
        throw CryptoProblem.versionNotFound(name, version);
      }
      versions = List.of(version);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int version : versions) {
      out.put(String.valueOf(version), KeyMaterial.format(key.type(), material(key, version)));
    }
    return out;
  }

  /**
   * The unwrapped material of one version, from memory when it was used recently.
   *
   * @throws CryptoProblem 500 {@code key-unavailable} when the stored row does not unwrap
   */
  SecretBytes material(StoredKey key, int version) {
    return unwrapped(key, version, MATERIAL);
  }

  /**
   * The version's HMAC subkey: 32 random bytes drawn when the version was made and stored wrapped
   * beside its material (never derived from, nor equal to, the material).
   */
  SecretBytes hmacKey(StoredKey key, int version) {
    return unwrapped(key, version, HMAC_SUBKEY);
  }

  /** The private key of an asymmetric version and its public key, parsed once and cached. */
  KeyPair keyPair(StoredKey key, int version) {
    return keyPairs.get(
        new CachedVersion(key.id(), version, MATERIAL),
        k -> {
          PrivateKey privateKey = KeyMaterial.privateKey(material(key, version));
          return new KeyPair(AsymmetricKeys.publicKeyOf(privateKey), privateKey);
        });
  }

  /**
   * PEM of the latest version's public key for asymmetric keys; null for symmetric ones, and for a
   * key whose stored material does not unwrap (logged), so that one damaged row does not break
   * reading or listing the keys' settings.
   */
  @Nullable String publicKeyPem(StoredKey key) {
    if (!key.type().asymmetric()) {
      return null;
    }
    try {
      return AsymmetricKeys.toPem(keyPair(key, key.latestVersion()).getPublic());
    } catch (CryptoProblem unavailable) {
      return null;
    }
  }

  private SecretBytes unwrapped(StoredKey key, int version, String purpose) {
    return material.get(
        new CachedVersion(key.id(), version, purpose),
        k -> {
          byte[] wrapped =
              keys.wrapped(key.owner(), key.name(), version, purpose)
                  .orElseThrow(() -> CryptoProblem.versionNotFound(key.name(), version));
          try {
            return master.unwrap(
                wrapped, MasterKey.context(key.owner(), key.name(), key.type(), version, purpose));
          } catch (GeneralSecurityException e) {
            log.error(
                "Key version {} ({}) of user '{}' key '{}' does not unwrap under {}: the row was"
                    + " altered or moved, or the master key changed",
                version,
                purpose,
                key.owner(),
                key.name(),
                master.source());
            throw CryptoProblem.keyUnavailable(key.name());
          }
        });
  }

  @EventListener
  void onUserDeleted(UserDeletedEvent event) {
    if (event.purge()) {
      List<String> ids = keys.idsOf(event.username());
      keys.deleteAll(event.username());
      forget(ids);
    }
  }

  private StoredKey insert(
      String owner,
      String name,
      KeyType type,
      SecretBytes secret,
      boolean exportable,
      boolean deletable) {
    OffsetDateTime now = now();
    try {
      keys.insert(
          new StoredKey(
              owner,
              name,
              UUID.randomUUID().toString(),
              type,
              1,
              1,
              0,
              exportable,
              deletable,
              now,
              List.of()));
    } catch (DuplicateKeyException e) {
      throw CryptoProblem.keyExists(name);
    }
    storeVersion(owner, name, type, 1, secret);
    return get(owner, name);
  }

  /** Wraps and stores a version's material and a fresh HMAC subkey for it. */
  private void storeVersion(
      String owner, String name, KeyType type, int version, SecretBytes secret) {
    keys.insertVersion(
        owner,
        name,
        version,
        master.wrap(secret, MasterKey.context(owner, name, type, version, MATERIAL)),
        master.wrap(
            SecretBytes.random(HMAC_SUBKEY_LENGTH),
            MasterKey.context(owner, name, type, version, HMAC_SUBKEY)),
        now());
  }

  private void forget(List<String> ids) {
    material.asMap().keySet().removeIf(k -> ids.contains(k.id()));
    keyPairs.asMap().keySet().removeIf(k -> ids.contains(k.id()));
  }

  private static KeyType parseType(String id) {
    return KeyType.byId(id)
        .orElseThrow(
            () ->
                CryptoProblem.invalid(
                    "type", "unknown key type '" + id + "'; supported types are " + KeyType.ids()));
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  private record CachedVersion(String id, int version, String purpose) {}

  /** A PATCH: null leaves a setting as it is. */
  record KeyPatch(
      Integer minDecryptionVersion,
      Integer minEncryptionVersion,
      Boolean deletionAllowed,
      Boolean exportable) {}
}
