package dev.coffer.files.storage;

import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * The partial uploads of a {@link Storage} ({@link Storage#partials}), for resumable protocols such
 * as tus: a private staging area per owner, addressed by an id the caller chooses (1-64 of {@code
 * [A-Za-z0-9_-]}, {@code INVALID_OPERATION} otherwise). Partial uploads are never listed, no {@link
 * StoragePath} reaches them, and their bytes count in {@link Storage#usage} and go with {@link
 * Storage#deleteOwner}.
 *
 * <p>Guarantees every implementation gives:
 *
 * <ul>
 *   <li><b>The length is what survives.</b> An append makes its bytes durable before it returns
 *       (and before {@link #length} can report them): the offset a client is told, or finds after a
 *       cut-off, is one it can resume from after a crash.
 *   <li><b>One writer at a time.</b> An append and a truncate hold a lock on the upload (on every
 *       node sharing the storage; the object store's commit takes it too); a second one meanwhile
 *       is refused with {@code PRECONDITION_FAILED}, not queued, so a chunk being written can never
 *       be cut from under its writer. The caller commits only once the last byte is in, and only
 *       once (tus claims the commit in its database).
 *   <li><b>Atomic commit.</b> {@link #commit} checks the finished upload like any write (size,
 *       digest, overwrite, {@code ifMatch}) and then makes it the file at its path in one step; a
 *       refused commit leaves the path as it was and the upload in place.
 * </ul>
 *
 * <p>A missing upload is {@code NOT_FOUND} (except for {@link #delete}).
 */
public interface PartialUploads {

  /** Creates an empty partial upload; {@code ALREADY_EXISTS} if the id is taken. */
  void create(String owner, String id) throws IOException;

  /**
   * Appends {@code content} to a partial upload, which must currently be {@code offset} bytes long
   * ({@code PRECONDITION_FAILED} otherwise, or while another request holds the upload's lock).
   * Bytes that arrived before a cut-off stay and are durable (that is the point of resuming); use
   * {@link #truncate} to drop a chunk that failed a check.
   *
   * @param maxBytes stop with {@code TOO_LARGE} rather than grow past this many bytes in total (-1:
   *     no limit)
   * @param space asked for the bytes as they arrive ({@code QUOTA_EXCEEDED} when they do not fit);
   *     what did not arrive is given back
   * @return the new length
   */
  long append(
      String owner,
      String id,
      long offset,
      InputStream content,
      long maxBytes,
      SpaceReservation space)
      throws IOException;

  /** The current (durable) length of a partial upload. */
  long length(String owner, String id) throws IOException;

  /**
   * Cuts a partial upload back to {@code length} bytes, giving the bytes back to {@code space}; no
   * change when it is not longer. Refused with {@code PRECONDITION_FAILED} while an append to it is
   * in flight. A backend may cut back only to where the last append started, or to 0 ({@code
   * INVALID_OPERATION} otherwise; tus needs no more).
   */
  void truncate(String owner, String id, long length, SpaceReservation space) throws IOException;

  /** Deletes a partial upload; its bytes go back to {@code space}. No error if absent. */
  void delete(String owner, String id, SpaceReservation space) throws IOException;

  /**
   * Moves a finished partial upload to {@code path} atomically, after checking {@code options}
   * (size against {@code expectedSize} and {@code maxSize}, digest, overwrite, {@code ifMatch}; the
   * root is {@code IS_A_FOLDER}). The partial's bytes were reserved while appending, so {@code
   * options.space()} is not asked again; it gets the size of a replaced file back. On success the
   * partial is gone; on a refusal it stays. A commit that failed part way (its node died, say) can
   * be taken again and counts the bytes once.
   *
   * @param sha256 the partial's SHA-256 (lower-case hex) as its bytes arrived, so the commit need
   *     not read them again; null when the caller does not know it (another node took some appends,
   *     or a restart came between), and the backend computes it
   */
  Written commit(
      String owner, String id, StoragePath path, WriteOptions options, @Nullable String sha256)
      throws IOException;
}
