package dev.coffer.files.storage.fs;

import dev.coffer.cluster.SharedLocks;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.PartialUploads;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.TreeVisitor;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * {@link Storage} on a local folder:
 *
 * <pre>
 *   root/homes/&lt;owner&gt;/...     each owner's tree
 *   root/partials/&lt;owner&gt;/&lt;id&gt;  partial uploads, outside every home
 *   root/tmp/[&lt;node&gt;/]          staging for writes in flight, one folder per node sharing the
 *                               root; a node empties its own at start-up
 * </pre>
 *
 * <p>A facade over the parts that do the work, each in this package:
 *
 * <ul>
 *   <li><b>Confinement</b>: the three top folders are opened once, at start-up, and must be real
 *       folders. Every path is then walked one segment at a time from an open handle ({@link Dir},
 *       on {@link java.nio.file.SecureDirectoryStream}), with no symbolic link followed ({@link
 *       Homes}, {@link Folders}). A link on the way is refused, and a folder swapped for a link
 *       while a request runs cannot redirect it.
 *   <li><b>Atomicity and durability</b>: new content is written to {@code tmp/}, flushed to stable
 *       storage with its digest, renamed into place, and then the folder that received it is
 *       flushed ({@link Writer}, {@link Committer}): when a write returns, the file survives a
 *       power cut whole, and before that moment the old version (or nothing) is what a crash
 *       leaves. Moves, copies, deletes and new folders flush the folders they change the same way
 *       ({@link Entries}, {@link Trees}).
 *   <li><b>Digests</b> travel with each file in an extended attribute ({@link Digests}); the rest
 *       of a {@link FileInfo} comes from the file's attributes ({@link FileInfos}).
 *   <li><b>Partial uploads</b> for tus ({@link Partials}); <b>listing</b> ({@link FolderListing});
 *       <b>quota</b> through {@link dev.coffer.files.quota.SpaceReserver}.
 *   <li><b>Races</b>: writers of one path are serialised by a striped lock ({@link SharedLocks});
 *       everything else that races (a folder deleted or moved while another request walks it) ends
 *       in a refusal the caller can act on ({@code NOT_FOUND}, {@code NOT_EMPTY}, ..., see {@link
 *       Refusals}), never in a bare I/O error.
 * </ul>
 *
 * <p>Files it opens offer {@link Sendfile}, the servlet container's zero-copy send.
 */
public final class FileSystemStorage implements Storage, Closeable {

  private final Dir homesTop;
  private final Dir partialsTop;
  private final Dir staging;

  private final Homes homes;
  private final Reader reader;
  private final Writer writer;
  private final Entries entries;
  private final FolderListing listing;

  /**
   * The default of {@code coffer.files.listing-cache-size}, in bytes: room for a million names of
   * up to 20 bytes (about 12 MB for a million names like {@code f0000000}).
   */
  public static final long DEFAULT_LISTING_CACHE_BYTES = 24L << 20;

  /** Snapshots of large folders' names for cursor pages; tests count its scans. */
  final NameSnapshots snapshots;

  private final FileInfos infos;
  private final Partials partials;

  /**
   * Opens (creating if needed) the storage under {@code root} and removes what a crashed process
   * left in its staging folder.
   *
   * @param hashers threads that compute digests alongside uploads
   * @throws IOException also when a top folder is a symbolic link or the platform cannot walk
   *     folders relative to open handles
   */
  public FileSystemStorage(Path root, ExecutorService hashers) throws IOException {
    this(root, null, SharedLocks.inProcess(), SharedLocks.inProcess(), hashers);
  }

  /**
   * Opens the storage under {@code root} as one of several nodes that share it.
   *
   * @param node this node's staging folder under {@code tmp/} (null: {@code tmp/} itself), the only
   *     one it empties
   * @param pathLocks and {@code folderLocks}: two separate sets of locks that hold for every node
   *     writing under {@code root}
   */
  public FileSystemStorage(
      Path root,
      @Nullable String node,
      SharedLocks pathLocks,
      SharedLocks folderLocks,
      ExecutorService hashers)
      throws IOException {
    this(root, node, pathLocks, folderLocks, hashers, DEFAULT_LISTING_CACHE_BYTES);
  }

  /**
   * As above, with {@code listingCacheBytes}: the memory the names of large folders kept for cursor
   * pages by name may take in all (0: none are kept).
   */
  public FileSystemStorage(
      Path root,
      @Nullable String node,
      SharedLocks pathLocks,
      SharedLocks folderLocks,
      ExecutorService hashers,
      long listingCacheBytes)
      throws IOException {
    this(root, node, pathLocks, folderLocks, hashers, new NameSnapshots(listingCacheBytes));
  }

  FileSystemStorage(
      Path root,
      @Nullable String node,
      SharedLocks pathLocks,
      SharedLocks folderLocks,
      ExecutorService hashers,
      NameSnapshots snapshots)
      throws IOException {
    Path base = Files.createDirectories(root).toRealPath();
    this.snapshots = snapshots;
    this.homesTop = Dir.openTop(folderIn(base, "homes"));
    this.partialsTop = Dir.openTop(folderIn(base, "partials"));
    Path tmp = folderIn(base, "tmp");
    this.staging = Dir.openTop(node == null ? tmp : folderIn(tmp, node));
    Folders folders = new Folders(staging, folderLocks);
    FileInfos infos = new FileInfos();
    this.infos = infos;
    this.homes = new Homes(homesTop, folders);
    Committer committer = new Committer(homes, pathLocks, infos);
    this.reader = new Reader(homes, infos);
    this.writer = new Writer(homes, staging, new HashingCopier(hashers), committer);
    this.entries = new Entries(homes, staging, pathLocks, infos, reader, writer);
    this.listing = new FolderListing(homes, infos, snapshots);
    this.partials = new Partials(partialsTop, folders, homes, committer);
    sweepStaging();
  }

  private static Path folderIn(Path base, String name) throws IOException {
    Path folder = base.resolve(name);
    try {
      Files.createDirectory(folder);
    } catch (FileAlreadyExistsException e) {
      // There already (Dir.openTop checks it is a real folder).
    }
    return folder;
  }

  /** Deletes everything in the staging folder: leftovers of writes that never finished. */
  int sweepStaging() throws IOException {
    int removed = 0;
    for (String leftover : staging.names()) {
      Trees.delete(staging, leftover);
      removed++;
    }
    return removed;
  }

  /** Closes the top folders' handles. */
  @Override
  public void close() throws IOException {
    try (Dir h = homesTop;
        Dir p = partialsTop;
        Dir s = staging) {
      // closed in reverse order
    }
  }

  @Override
  public Written write(String owner, StoragePath path, InputStream content, WriteOptions options)
      throws IOException {
    return writer.write(owner, path, content, options);
  }

  @Override
  public FileInfo stat(String owner, StoragePath path) throws IOException {
    return reader.stat(owner, path);
  }

  @Override
  public OpenFile open(String owner, StoragePath path) throws IOException {
    return reader.open(owner, path);
  }

  @Override
  public Listing list(String owner, StoragePath path, ListOptions options) throws IOException {
    return listing.list(owner, path, options);
  }

  @Override
  public void walk(String owner, StoragePath path, TreeVisitor visitor) throws IOException {
    listing.walk(owner, path, visitor);
  }

  /** The digests of listed files; tests count what a listing reads. */
  Digests digests() {
    return infos.digests();
  }

  @Override
  public boolean mkdirs(String owner, StoragePath path) throws IOException {
    try {
      boolean[] created = {false};
      try (Dir dir = homes.folder(owner, path, true, created)) {
        return created[0];
      }
    } catch (IOException e) {
      throw Refusals.meaningOf(e, path);
    }
  }

  @Override
  public long delete(String owner, StoragePath path, boolean recursive) throws IOException {
    return entries.delete(owner, path, recursive);
  }

  @Override
  public FileInfo move(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException {
    return entries.move(owner, from, to, overwrite, space);
  }

  @Override
  public FileInfo copy(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException {
    return entries.copy(owner, from, to, overwrite, space);
  }

  // ---- owners -------------------------------------------------------------------------------

  @Override
  public long usage(String owner) throws IOException {
    long total = 0;
    try (Dir home = homes.home(owner, false)) {
      if (home != null) {
        total += Trees.size(home);
      }
    }
    try (Dir parts = partials.of(owner, false)) {
      if (parts != null) {
        total += Trees.size(parts);
      }
    }
    return total;
  }

  @Override
  public void deleteOwner(String owner) throws IOException {
    for (Dir top : List.of(homesTop, partialsTop)) {
      BasicFileAttributes a = top.statOrNull(Homes.checkOwner(owner));
      if (a == null) {
        continue;
      }
      if (!a.isDirectory()) {
        top.deleteFile(owner);
        continue;
      }
      String doomed = UUID.randomUUID() + ".deleted";
      top.rename(owner, staging, doomed);
      top.sync();
      Trees.delete(staging, doomed);
    }
  }

  // ---- partial uploads ----------------------------------------------------------------------

  @Override
  public PartialUploads partials() {
    return partials;
  }
}
