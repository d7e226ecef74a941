package dev.coffer.files.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

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
 *       listings never show and {@link StoragePath}s cannot reach; {@link PartialUploads#commit}
 *       moves one to its path atomically ({@link #partials}).
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
   * <p>A page costs a page, not the folder: at most {@code limit + 1} entries are held, digests are
   * read for the entries returned only, and no listing of the whole folder (or tree) is built. The
   * order and the cursors are {@link Listings}'s: by name, the order of object-store keys (code
   * points, a folder's name followed by {@code /}; a recursive listing is a depth-first walk in
   * that order, a folder directly before what is below it, or directly after with {@code
   * descending}); by size or time, ties by that key. The next page holds exactly the entries after
   * the cursor's in that order, so entries added or removed between pages neither repeat nor shift
   * others, and a cursor whose entry is gone still works.
   *
   * @throws StorageException {@code NOT_FOUND}, or {@code NOT_A_FOLDER} for a file; an unknown or
   *     stale cursor is {@code INVALID_OPERATION}
   */
  Listing list(String owner, StoragePath path, ListOptions options) throws IOException;

  /**
   * Visits every file and folder below the folder at {@code path} (the root walks the home), each
   * exactly once, a folder before anything below it; in no particular order otherwise. Memory stays
   * bounded whatever the size of the tree (nothing holds the whole tree, or a whole folder), each
   * folder is read once and each file is opened only when the visitor asks for its content, so a
   * walk costs time in proportion to the entries and bytes it reads. Entries added or removed while
   * the walk runs may or may not be visited. The {@link FileInfo}s may lack {@code sha256} (a walk
   * need not read digests).
   *
   * <p>The default pages through {@link #list} (recursive, by name) and opens each file by path:
   * right for a backend whose pages cost a page (an object store's listing from a key); a backend
   * that can do better walks itself.
   *
   * @throws StorageException {@code NOT_FOUND}, or {@code NOT_A_FOLDER} for a file
   */
  default void walk(String owner, StoragePath path, TreeVisitor visitor) throws IOException {
    String cursor = null;
    do {
      Listing page =
          list(owner, path, new ListOptions(ListOptions.Sort.NAME, false, 1000, cursor, true));
      for (FileInfo entry : page.entries()) {
        if (entry.folder()) {
          visitor.folder(entry);
        } else {
          visitor.file(entry, () -> streamOf(open(owner, entry.path())));
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
  }

  /** The whole of {@code file} as a stream that closes {@code file} when it is closed. */
  private static InputStream streamOf(OpenFile file) throws IOException {
    InputStream in;
    try {
      in = file.stream(ByteRange.all(file.info().size()));
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
    return new FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          file.close();
        }
      }
    };
  }

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

  /** The owner-private staging area of resumable uploads (tus), with its own guarantees. */
  PartialUploads partials();
}
