package dev.coffer.files.storage;

import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Where file bytes live, one private tree per owner. Backend-neutral: no local paths and no web
 * types cross this interface, so a file-system and an object-store backend are interchangeable and
 * pass the same contract tests ({@code StorageContractTest}).
 *
 * <p>Guarantees every implementation gives:
 *
 * <ul>
 *   <li><b>Confinement</b>: an operation reaches only {@code owner}'s tree; a {@link StoragePath}
 *       is already free of {@code ..} and the like, and a backend refuses anything that would lead
 *       outside (symbolic links on a file system) with {@link StorageException.Reason#UNSAFE_PATH}.
 *   <li><b>Streaming</b>: content moves through bounded buffers whatever its size.
 *   <li><b>Atomic writes</b>: content goes to a private staging place first and appears at its path
 *       only when complete and verified; a write that fails or is cut off leaves no trace, and a
 *       replaced file stays readable in full until the new one takes its place. Of concurrent
 *       writes to one path exactly one version remains, never a mix.
 *   <li><b>Partial uploads</b> (for resumable protocols such as tus) live in a private area that
 *       listings never show and {@link StoragePath}s cannot reach; {@link #commitPartial} moves one
 *       to its path atomically.
 * </ul>
 *
 * <p>Refusals are {@link StorageException}s carrying a {@link StorageException.Reason}; I/O
 * failures (including a client that stops sending) are {@link IOException}s.
 *
 * <p><b>No local paths, and zero-copy downloads.</b> Nothing returned here names a place on a disk:
 * an {@link OpenFile} gives its bytes only through {@link OpenFile#transferTo} and {@link
 * OpenFile#stream}. Where a backend can do better, it offers a capability of its own on the files
 * it opens, and the download code checks for it: the file-system backend's files implement {@link
 * dev.coffer.files.storage.fs.Sendfile}, which hands a range straight to the servlet container's
 * {@code sendfile(2)} (the container needs a file name, and gets it only there). A backend without
 * such a capability (object storage) is streamed by {@link OpenFile#transferTo}, with every header
 * and range the same.
 */
public interface Storage {

  /**
   * Streams {@code content} to {@code path} and commits it atomically once the stream ends and
   * every check in {@code options} holds (size, digest, quota, overwrite and {@code ifMatch}).
   * Missing parent folders are created. SHA-256 is computed while streaming and kept with the file.
   *
   * @return the committed file, and whether it was new or replaced another
   * @throws StorageException when a check fails; nothing is stored then and all reserved space is
   *     given back
   * @throws IOException when reading {@code content} or writing fails; nothing is stored then
   */
  Written write(String owner, StoragePath path, InputStream content, WriteOptions options)
      throws IOException;

  /**
   * The entry at {@code path} (a file or a folder; the root is the home, which exists once anything
   * was written or {@link #mkdirs} ran, and is reported as an empty folder before).
   *
   * @throws StorageException {@code NOT_FOUND} when nothing is there
   */
  FileInfo stat(String owner, StoragePath path) throws IOException;

  /**
   * Opens the file at {@code path} for reading.
   *
   * @throws StorageException {@code NOT_FOUND}, or {@code IS_A_FOLDER} for a folder
   */
  OpenFile open(String owner, StoragePath path) throws IOException;

  /**
   * One page of the folder at {@code path} (the root lists the home). Entries carry paths relative
   * to the home.
   *
   * @throws StorageException {@code NOT_FOUND}, or {@code NOT_A_FOLDER} for a file; an unknown or
   *     stale cursor is {@code INVALID_OPERATION}
   */
  Listing list(String owner, StoragePath path, ListOptions options) throws IOException;

  /**
   * Creates the folder and any missing parents.
   *
   * @return true when it was created, false when it was already there
   * @throws StorageException {@code NOT_A_FOLDER} when a file stands anywhere on the way
   */
  boolean mkdirs(String owner, StoragePath path) throws IOException;

  /**
   * Deletes a file, or a folder ({@code recursive} to delete one with entries). The root cannot be
   * deleted.
   *
   * @return the bytes of file content that were freed
   * @throws StorageException {@code NOT_FOUND}, {@code NOT_EMPTY}, {@code INVALID_OPERATION} for
   *     the root
   */
  long delete(String owner, StoragePath path, boolean recursive) throws IOException;

  /**
   * Moves (renames) a file or folder within the owner's tree; parents of {@code to} are created.
   * With {@code overwrite} an existing target of the same kind is replaced (a folder only if
   * empty).
   *
   * @param space gets the size of a replaced target file back
   * @throws StorageException {@code NOT_FOUND}, {@code ALREADY_EXISTS}, {@code INVALID_OPERATION}
   *     (into itself, the root)
   */
  FileInfo move(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException;

  /**
   * Copies a file or a folder tree; every copied file is committed atomically, and the copy of a
   * folder appears at {@code to} only when complete.
   *
   * @param space asked for the copied bytes first ({@code QUOTA_EXCEEDED} and nothing copied when
   *     they do not fit); gets the size of a replaced target file back
   */
  FileInfo copy(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException;

  /** Total bytes of file content in the owner's tree, partial uploads included. */
  long usage(String owner) throws IOException;

  /** Removes the owner's whole tree and partial uploads. */
  void deleteOwner(String owner) throws IOException;

  // Partial uploads: a private staging area per owner, addressed by an id the caller chooses
  // (1-64 of [A-Za-z0-9_-]). Never listed, never part of the home.

  /** Creates an empty partial upload; {@code ALREADY_EXISTS} if the id is taken. */
  void createPartial(String owner, String id) throws IOException;

  /**
   * Appends {@code content} to a partial upload, which must currently be {@code offset} bytes long
   * ({@code PRECONDITION_FAILED} otherwise). Bytes that arrived before a cut-off stay (that is the
   * point of resuming); use {@link #truncatePartial} to drop a chunk that failed a check.
   *
   * @param maxBytes stop with {@code TOO_LARGE} rather than grow past this many bytes in total (-1:
   *     no limit)
   * @param space asked for the bytes as they arrive
   * @return the new length
   */
  long appendPartial(
      String owner,
      String id,
      long offset,
      InputStream content,
      long maxBytes,
      SpaceReservation space)
      throws IOException;

  /** The current length of a partial upload; {@code NOT_FOUND} if there is none. */
  long partialLength(String owner, String id) throws IOException;

  /**
   * Cuts a partial upload back to {@code length} bytes, giving the bytes back to {@code space}.
   * Refused with {@code PRECONDITION_FAILED} while an append to it is in flight, so a chunk being
   * written can never be cut from under its writer.
   */
  void truncatePartial(String owner, String id, long length, SpaceReservation space)
      throws IOException;

  /** Deletes a partial upload; its bytes go back to {@code space}. No error if absent. */
  void deletePartial(String owner, String id, SpaceReservation space) throws IOException;

  /**
   * Moves a finished partial upload to {@code path} atomically, after checking {@code options}
   * (digest, overwrite, {@code ifMatch}, {@code maxSize}). The partial's bytes were reserved while
   * appending, so {@code options.space()} is not asked again; it gets the size of a replaced file
   * back. On success the partial is gone; on a refusal it stays.
   *
   * @param sha256 the partial's SHA-256 (lower-case hex) as its bytes arrived, so the commit need
   *     not read them again; null when the caller does not know it (another node took some appends,
   *     or a restart came between), and the backend computes it
   */
  Written commitPartial(
      String owner, String id, StoragePath path, WriteOptions options, @Nullable String sha256)
      throws IOException;
}
