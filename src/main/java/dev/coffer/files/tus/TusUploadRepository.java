package dev.coffer.files.tus;

import dev.coffer.files.storage.InvalidPathException;
import dev.coffer.files.storage.StoragePath;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Upload state in the database. Updates that move an upload forward are conditional single
 * statements, so requests racing on one upload (on one node or several) cannot move it backwards or
 * commit it twice.
 */
@Repository
class TusUploadRepository {

  private static final String COLUMNS =
      "id, owner, target_path, overwrite, upload_length, upload_offset, metadata,"
          + " checksum_pending, committing_since, committed_at, created_at, expires_at";

  private final JdbcClient jdbc;

  TusUploadRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(TusUpload upload) {
    jdbc.sql(
            "insert into tus_uploads ("
                + COLUMNS
                + ") values (:id, :owner, :path, :overwrite, :length, :offset, :metadata,"
                + " false, null, null, :created, :expires)")
        .param("id", upload.id())
        .param("owner", upload.owner())
        .param("path", upload.path().toString())
        .param("overwrite", upload.overwrite())
        .param("length", upload.length())
        .param("offset", upload.offset())
        .param("metadata", upload.metadata())
        .param("created", upload.createdAt())
        .param("expires", upload.expiresAt())
        .update();
  }

  Optional<TusUpload> find(String id) {
    return jdbc.sql("select " + COLUMNS + " from tus_uploads where id = ?")
        .param(id)
        .query(TusUploadRepository::map)
        .optional();
  }

  int countByOwner(String owner) {
    return jdbc.sql("select count(*) from tus_uploads where owner = ? and committed_at is null")
        .param(owner)
        .query(Integer.class)
        .single();
  }

  List<TusUpload> findByOwner(String owner) {
    return jdbc.sql("select " + COLUMNS + " from tus_uploads where owner = ?")
        .param(owner)
        .query(TusUploadRepository::map)
        .list();
  }

  /**
   * Expired uploads that nobody is committing (or whose committer died before {@code stale}),
   * committed ones included.
   */
  List<TusUpload> findExpired(OffsetDateTime now, OffsetDateTime stale, int limit) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from tus_uploads where expires_at < :now"
                + " and (committed_at is not null or committing_since is null"
                + " or committing_since < :stale) order by expires_at limit :limit")
        .param("now", now)
        .param("stale", stale)
        .param("limit", limit)
        .query(TusUploadRepository::map)
        .list();
  }

  void setChecksumPending(String id, boolean pending) {
    jdbc.sql("update tus_uploads set checksum_pending = ? where id = ?")
        .params(pending, id)
        .update();
  }

  /**
   * Records that the partial data now holds {@code offset} accepted bytes, never moving backwards.
   *
   * @return false when the upload is gone
   */
  boolean advance(String id, long offset, OffsetDateTime expiresAt) {
    return jdbc.sql(
                "update tus_uploads set upload_offset = case when upload_offset < :offset then"
                    + " :offset else upload_offset end, checksum_pending = false,"
                    + " expires_at = :expires where id = :id")
            .param("offset", offset)
            .param("expires", expiresAt)
            .param("id", id)
            .update()
        == 1;
  }

  /** Sets the offset to what the partial data really holds, after bytes were lost. */
  void resetOffset(String id, long offset) {
    jdbc.sql("update tus_uploads set upload_offset = ? where id = ?").params(offset, id).update();
  }

  /**
   * Takes on the commit of a complete upload: true for exactly one caller, unless that caller's
   * claim is older than {@code stale} (it died mid-commit).
   */
  boolean claimCommit(String id, OffsetDateTime now, OffsetDateTime stale) {
    return jdbc.sql(
                "update tus_uploads set committing_since = :now where id = :id"
                    + " and upload_offset = upload_length and committed_at is null"
                    + " and (committing_since is null or committing_since < :stale)")
            .param("now", now)
            .param("id", id)
            .param("stale", stale)
            .update()
        == 1;
  }

  /** The file is in place: the row only answers {@code HEAD} until it expires. */
  void markCommitted(String id, OffsetDateTime now) {
    jdbc.sql("update tus_uploads set committed_at = ? where id = ?").params(now, id).update();
  }

  void releaseCommit(String id) {
    jdbc.sql("update tus_uploads set committing_since = null where id = ?").param(id).update();
  }

  /**
   * @return false when it was already gone
   */
  boolean delete(String id) {
    return jdbc.sql("delete from tus_uploads where id = ?").param(id).update() == 1;
  }

  /**
   * The stored target. An upload created before {@code %} and {@code ;} were refused in names may
   * still name one; its row must stay readable (the expiry sweep reads every expired row, and one
   * bad row would stop it), so those characters become {@code _} and the file, should it complete,
   * lands where a URL can reach it.
   */
  private static StoragePath target(String stored) {
    try {
      return StoragePath.parse(stored);
    } catch (InvalidPathException e) {
      return StoragePath.parse(stored.replace('%', '_').replace(';', '_'));
    }
  }

  private static TusUpload map(ResultSet rs, int row) throws SQLException {
    return new TusUpload(
        rs.getString("id"),
        rs.getString("owner"),
        target(rs.getString("target_path")),
        rs.getBoolean("overwrite"),
        rs.getLong("upload_length"),
        rs.getLong("upload_offset"),
        rs.getString("metadata"),
        rs.getBoolean("checksum_pending"),
        rs.getObject("committing_since", OffsetDateTime.class),
        rs.getObject("committed_at", OffsetDateTime.class),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("expires_at", OffsetDateTime.class));
  }
}
