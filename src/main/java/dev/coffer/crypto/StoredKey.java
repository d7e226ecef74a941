package dev.coffer.crypto;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A key's settings as stored, with its versions (wrapped material is loaded separately, on use).
 *
 * @param id random and unique per key ever created, so that a deleted and re-created key of the
 *     same name never shares cached material with its predecessor
 * @param minEncryptionVersion 0 means no floor beyond {@code minDecryptionVersion}
 */
record StoredKey(
    String owner,
    String name,
    String id,
    KeyType type,
    int latestVersion,
    int minDecryptionVersion,
    int minEncryptionVersion,
    boolean exportable,
    boolean deletionAllowed,
    OffsetDateTime createdAt,
    List<Version> versions) {

  record Version(int version, OffsetDateTime created) {}

  StoredKey withVersions(List<Version> versions) {
    return new StoredKey(
        owner,
        name,
        id,
        type,
        latestVersion,
        minDecryptionVersion,
        minEncryptionVersion,
        exportable,
        deletionAllowed,
        createdAt,
        versions);
  }

  /** The oldest version that may still encrypt. */
  int encryptionFloor() {
    return Math.max(minDecryptionVersion, minEncryptionVersion);
  }
}
