package dev.coffer.crypto;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Keys and their wrapped versions in the database; plain SQL for H2 and PostgreSQL alike. */
@Repository
class KeyRepository {

  private static final String KEY_COLUMNS =
      "owner, name, id, key_type, latest_version, min_decryption_version,"
          + " min_encryption_version, exportable, deletion_allowed, created_at";

  private final JdbcClient jdbc;

  KeyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A key's settings without its version list: the one query on the hot path. */
  Optional<StoredKey> findSettings(String owner, String name) {
    return jdbc.sql("select " + KEY_COLUMNS + " from crypto_keys where owner = ? and name = ?")
        .params(owner, name)
        .query((rs, i) -> settings(rs))
        .optional();
  }

  /** A key's settings and its version list. */
  Optional<StoredKey> find(String owner, String name) {
    return findSettings(owner, name).map(this::withVersions);
  }

  List<StoredKey> findAll(String owner) {
    return jdbc
        .sql("select " + KEY_COLUMNS + " from crypto_keys where owner = ? order by name")
        .param(owner)
        .query((rs, i) -> settings(rs))
        .list()
        .stream()
        .map(this::withVersions)
        .toList();
  }

  /**
   * @throws DuplicateKeyException when the owner already has a key of that name
   */
  void insert(StoredKey key) {
    jdbc.sql("insert into crypto_keys (" + KEY_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            key.owner(),
            key.name(),
            key.id(),
            key.type().id(),
            key.latestVersion(),
            key.minDecryptionVersion(),
            key.minEncryptionVersion(),
            key.exportable(),
            key.deletionAllowed(),
            key.createdAt())
        .update();
  }

  void insertVersion(
      String owner,
      String name,
      int version,
      byte[] wrappedMaterial,
      byte[] wrappedHmacKey,
      OffsetDateTime created) {
    jdbc.sql(
            "insert into crypto_key_versions (owner, name, version, material, hmac_key,"
                + " created_at) values (?, ?, ?, ?, ?, ?)")
        .params(owner, name, version, wrappedMaterial, wrappedHmacKey, created)
        .update();
  }

  /** Raises the latest version by one, locking the key row until the transaction ends. */
  int nextVersion(String owner, String name) {
    jdbc.sql(
            "update crypto_keys set latest_version = latest_version + 1 where owner = ? and"
                + " name = ?")
        .params(owner, name)
        .update();
    return jdbc.sql("select latest_version from crypto_keys where owner = ? and name = ?")
        .params(owner, name)
        .query(Integer.class)
        .single();
  }

  /**
   * A version's wrapped material or wrapped HMAC subkey.
   *
   * @param purpose {@link KeyService#MATERIAL} or {@link KeyService#HMAC_SUBKEY}
   */
  Optional<byte[]> wrapped(String owner, String name, int version, String purpose) {
    String column =
        switch (purpose) {
          case KeyService.MATERIAL -> "material";
          case KeyService.HMAC_SUBKEY -> "hmac_key";
          default -> throw new IllegalArgumentException("unknown purpose " + purpose);
        };
    return jdbc.sql(
            "select "
                + column
                + " from crypto_key_versions where owner = ? and name = ? and version = ?")
        .params(owner, name, version)
        .query((rs, i) -> rs.getBytes(1))
        .optional();
  }

  void updateSettings(
      String owner,
      String name,
      int minDecryptionVersion,
      int minEncryptionVersion,
      boolean exportable,
      boolean deletionAllowed) {
    jdbc.sql(
            "update crypto_keys set min_decryption_version = ?, min_encryption_version = ?,"
                + " exportable = ?, deletion_allowed = ? where owner = ? and name = ?")
        .params(
            minDecryptionVersion, minEncryptionVersion, exportable, deletionAllowed, owner, name)
        .update();
  }

  void delete(String owner, String name) {
    jdbc.sql("delete from crypto_key_versions where owner = ? and name = ?")
        .params(owner, name)
        .update();
    jdbc.sql("delete from crypto_keys where owner = ? and name = ?").params(owner, name).update();
  }

  List<String> idsOf(String owner) {
    return jdbc.sql("select id from crypto_keys where owner = ?")
        .param(owner)
        .query(String.class)
        .list();
  }

  void deleteAll(String owner) {
    jdbc.sql("delete from crypto_key_versions where owner = ?").param(owner).update();
    jdbc.sql("delete from crypto_keys where owner = ?").param(owner).update();
  }

  Optional<String> masterKeyFingerprint() {
    return jdbc.sql("select fingerprint from crypto_master_key where id = 1")
        .query(String.class)
        .optional();
  }

  /** Records the fingerprint unless another node got there first. */
  void saveMasterKeyFingerprint(String fingerprint) {
    try {
      jdbc.sql("insert into crypto_master_key (id, fingerprint) values (1, ?)")
          .param(fingerprint)
          .update();
    } catch (DuplicateKeyException e) {
      // another node recorded its fingerprint first; the caller compares against it
    }
  }

  private StoredKey withVersions(StoredKey key) {
    List<StoredKey.Version> versions =
        jdbc.sql(
                "select version, created_at from crypto_key_versions where owner = ? and name = ?"
                    + " order by version")
            .params(key.owner(), key.name())
            .query(
                (rs, i) ->
                    new StoredKey.Version(rs.getInt(1), rs.getObject(2, OffsetDateTime.class)))
            .list();
    return key.withVersions(versions);
  }

  private static StoredKey settings(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new StoredKey(
        rs.getString("owner"),
        rs.getString("name"),
        rs.getString("id"),
        KeyType.byId(rs.getString("key_type"))
            .orElseThrow(() -> new IllegalStateException("unknown stored key type")),
        rs.getInt("latest_version"),
        rs.getInt("min_decryption_version"),
        rs.getInt("min_encryption_version"),
        rs.getBoolean("exportable"),
        rs.getBoolean("deletion_allowed"),
        rs.getObject("created_at", OffsetDateTime.class),
        List.of());
  }
}
