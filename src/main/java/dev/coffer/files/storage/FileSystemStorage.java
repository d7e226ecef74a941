package dev.coffer.files.storage;

import dev.coffer.files.storage.StorageException.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.regex.Pattern;

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
 * <p><b>Confinement.</b> The three top folders are opened once, at start-up, and must be real
 * folders. Every path is then walked one segment at a time from an open handle ({@link Dir}), with
 * no symbolic link followed: a link on the way is refused, and a folder swapped for a link while a
 * request runs cannot redirect it, because each step is taken relative to the folder already
 * opened, not by name from the top. There is no {@code mkdirat} in Java, so a folder is made empty
 * in staging and renamed into the opened parent.
 *
 * <p><b>Atomicity and durability.</b> New content is written to {@code tmp/}, flushed to stable
 * storage with its digest, renamed into place, and then the folder that received it is flushed:
 * when a write returns, the file survives a power cut whole, and before that moment the old version
 * (or nothing) is what a crash leaves. Moves, copies, deletes and new folders flush the folders
 * they change the same way.
 *
 * <p><b>Races.</b> Writers of one path are serialised by a striped lock; everything else that races
 * (a folder deleted or moved while another request walks it) ends in a refusal the caller can act
 * on ({@code NOT_FOUND}, {@code NOT_EMPTY}, ...), never in a bare I/O error.
 */
public final class FileSystemStorage implements Storage, Closeable {

  private static final Pattern OWNER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern PARTIAL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** How often a step is retried when what it stood on was removed or replaced meanwhile. */
  private static final int RETRIES = 8;

  private final Dir homes;
  private final Dir partials;
  private final Dir staging;
  private final HashingCopier copier;

  /** Held while a path's content is committed, moved, copied or deleted. */
  private final SharedLocks pathLocks;

  /** Held only while one folder is created; never while taking another lock. */
  private final SharedLocks folderLocks;

  private final Digests digests = new Digests();

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
   * Opens the storage under {@code root} for one of several nodes that share it.
   *
   * @param node this node's staging folder under {@code tmp/} (null: {@code tmp/} itself), the only
   *     one it empties
   * @param pathLocks and {@code folderLocks}: two separate sets of locks that hold for every node
   *     writing to {@code root}
   */
  public FileSystemStorage(
      Path root,
      String node,
      SharedLocks pathLocks,
      SharedLocks folderLocks,
      ExecutorService hashers)
      throws IOException {
    Path base = Files.createDirectories(root).toRealPath();
    this.homes = Dir.openTop(folderIn(base, "homes"));
    this.partials = Dir.openTop(folderIn(base, "partials"));
    Path tmp = folderIn(base, "tmp");
    this.staging = Dir.openTop(node == null ? tmp : folderIn(tmp, node));
    this.pathLocks = pathLocks;
    this.folderLocks = folderLocks;
    this.copier = new HashingCopier(hashers);
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
      deleteTree(staging, leftover);
      removed++;
    }
    return removed;
  }

  /** Closes the top folders' handles. */
  @Override
  public void close() throws IOException {
    try (Dir h = homes;
        Dir p = partials;
        Dir s = staging) {
      // closed in reverse order
    }
  }

  // ---- writes -------------------------------------------------------------------------------

  @Override
  public Written write(String owner, StoragePath path, InputStream content, WriteOptions options)
      throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.IS_A_FOLDER, "The home folder is not a file.");
    }
    try (Dir parent = folder(owner, path.parent(), false)) {
      if (parent != null) {
        checkCommit(parent, path, options); // refuse early, before reading the body
      }
    } catch (IOException e) {
      throw meaningOf(e, path);
    }
    if (options.expectedSize() >= 0
        && options.maxSize() >= 0
        && options.expectedSize() > options.maxSize()) {
      throw tooLarge(options.maxSize());
    }
    Reserver reserver = new Reserver(options.space());
    String temp = UUID.randomUUID() + ".part";
    boolean committed = false;
    try {
      if (options.expectedSize() > 0) {
        reserver.need(options.expectedSize());
      }
      HashingCopier.Result copied;
      try (FileChannel out =
          staging.openFile(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        copied =
            copier.copy(
                content,
                Channels.newOutputStream(out),
                total -> {
                  if (options.maxSize() >= 0 && total > options.maxSize()) {
                    throw tooLarge(options.maxSize());
                  }
                  if (options.expectedSize() >= 0 && total > options.expectedSize()) {
                    throw new IOException("more content than announced");
                  }
                  reserver.need(total);
                });
        if (options.expectedSize() >= 0 && copied.bytes() != options.expectedSize()) {
          throw new IOException("content ended before the announced length");
        }
        checkDigest(options.expectedSha256(), copied.sha256());
        Digests.write(staging.path().resolve(temp), copied.sha256());
        // Bytes and digest on stable storage before the rename can make them visible: otherwise a
        // power cut could leave the new name pointing at an empty file.
        out.force(true);
      }
      Written written = commit(owner, path, staging, temp, options);
      committed = true;
      reserver.settle(copied.bytes());
      return written;
    } catch (IOException e) {
      throw noSpaceOr(e);
    } finally {
      if (!committed) {
        deleteQuietly(staging, temp);
        reserver.abort();
      }
    }
  }

  /**
   * Renames a complete, verified and flushed file ({@code name} in {@code from}) to {@code path},
   * then flushes the folder that received it. Under the path's lock the conditions are checked
   * again, so of racing writers each sees a consistent state and one version wins whole. When the
   * target's folder is removed or replaced between the walk and the rename (the rename then fails:
   * a removed folder takes no new entries), the walk is taken again.
   */
  private Written commit(
      String owner, StoragePath path, Dir from, String name, WriteOptions options)
      throws IOException {
    Lock lock = pathLocks.of(owner + "/" + path);
    lock.lock();
    try {
      for (int attempt = 0; ; attempt++) {
        BasicFileAttributes staged = from.statOrNull(name);
        if (staged == null) {
          throw new StorageException(Reason.NOT_FOUND, "The content to store is gone.");
        }
        try (Dir parent = folder(owner, path.parent(), true)) {
          BasicFileAttributes old = checkCommit(parent, path, options);
          try {
            from.rename(name, parent, path.name());
          } catch (NoSuchFileException e) {
            if (attempt < RETRIES) {
              continue;
            }
            throw e;
          }
          parent.sync();
          if (old != null && old.isRegularFile()) {
            options.space().release(old.size());
          }
          Path file = parent.path().resolve(path.name());
          return new Written(toInfo(path, file, staged), old == null);
        }
      }
    } catch (IOException e) {
      throw meaningOf(e, path);
    } finally {
      lock.unlock();
    }
  }

  /** The current entry at {@code path}, if any, after checking that {@code options} allow it. */
  private BasicFileAttributes checkCommit(Dir parent, StoragePath path, WriteOptions options)
      throws IOException {
    BasicFileAttributes old = parent.statOrNull(path.name());
    if (old != null && (old.isSymbolicLink() || old.isOther())) {
      throw unsafe();
    }
    if (old != null && old.isDirectory()) {
      throw new StorageException(Reason.IS_A_FOLDER, "A folder stands at this path.");
    }
    if (options.ifMatch() != null
        && (old == null
            || !options.ifMatch().equals(etag(parent.path().resolve(path.name()), old)))) {
      throw new StorageException(
          Reason.PRECONDITION_FAILED, "The file does not have the expected etag.");
    }
    if (old != null && !options.overwrite()) {
      throw new StorageException(Reason.ALREADY_EXISTS, "A file already exists at this path.");
    }
    return old;
  }

  private static void checkDigest(String expected, String actual) {
    if (expected != null && !expected.equalsIgnoreCase(actual)) {
      throw new StorageException(
          Reason.DIGEST_MISMATCH, "The content does not match the SHA-256 the client sent.");
    }
  }

  // ---- reads --------------------------------------------------------------------------------

  @Override
  public FileInfo stat(String owner, StoragePath path) throws IOException {
    try {
      if (path.isRoot()) {
        try (Dir home = home(owner, false)) {
          if (home == null) {
            return new FileInfo(path, true, 0, Instant.EPOCH, "0", null);
          }
          return toInfo(path, home.path(), home.attributes());
        }
      }
      try (Dir parent = folder(owner, path.parent(), false)) {
        if (parent == null) {
          throw notFound(path);
        }
        BasicFileAttributes a = entry(path, parent.statOrNull(path.name()));
        return toInfo(path, parent.path().resolve(path.name()), a);
      }
    } catch (IOException e) {
      throw meaningOf(e, path);
    }
  }

  @Override
  public OpenFile open(String owner, StoragePath path) throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.IS_A_FOLDER, "This is a folder, not a file.");
    }
    try (Dir parent = folder(owner, path.parent(), false)) {
      if (parent == null) {
        throw notFound(path);
      }
      String name = path.name();
      for (int attempt = 0; ; attempt++) {
        BasicFileAttributes before = entry(path, parent.statOrNull(name));
        if (before.isDirectory()) {
          throw new StorageException(Reason.IS_A_FOLDER, "This is a folder, not a file.");
        }
        FileChannel channel = parent.openFile(name, StandardOpenOption.READ);
        // The same file (device, inode, modification time) before and after opening: the info
        // describes the bytes we hold. (What was opened is inside the home in any case: it was
        // opened relative to its folder, with no link followed.) Otherwise look again.
        BasicFileAttributes after = parent.statOrNull(name);
        if (after != null
            && Objects.equals(before.fileKey(), after.fileKey())
            && before.lastModifiedTime().equals(after.lastModifiedTime())) {
          Path file = parent.path().resolve(name);
          return new FileSystemOpenFile(toInfo(path, file, after), channel, file);
        }
        channel.close();
        if (attempt == 3) {
          throw new IOException("the file keeps changing");
        }
      }
    } catch (AccessDeniedException e) {
      throw unsafe();
    } catch (IOException e) {
      throw meaningOf(e, path);
    }
  }

  @Override
  public Listing list(String owner, StoragePath path, ListOptions options) throws IOException {
    List<FileInfo> entries = new ArrayList<>();
    try (Dir dir = folder(owner, path, false)) {
      if (dir == null) {
        if (path.isRoot()) {
          return new Listing(List.of(), null);
        }
        throw notFound(path);
      }
      collect(dir, path, options.recursive(), entries);
    } catch (IOException e) {
      throw meaningOf(e, path);
    }
    return Listings.page(entries, options);
  }

  /**
   * Adds the entries of {@code dir} (at {@code at}) to {@code entries}, and with {@code recursive}
   * those of its folders. Entries that vanish while listed are left out, as are links, special
   * files and names that could never be a {@link StoragePath} (put there by hand).
   */
  private void collect(Dir dir, StoragePath at, boolean recursive, List<FileInfo> entries)
      throws IOException {
    for (String name : dir.names()) {
      StoragePath child = childOrNull(at, name);
      BasicFileAttributes a = child == null ? null : dir.statOrNull(name);
      if (a == null || !(a.isRegularFile() || a.isDirectory())) {
        continue;
      }
      entries.add(toInfo(child, dir.path().resolve(name), a));
      if (recursive && a.isDirectory()) {
        try (Dir sub = dir.open(name)) {
          collect(sub, child, true, entries);
        } catch (NoSuchFileException | NotDirectoryException e) {
          // Removed or replaced while listing: there is nothing below it to show.
        } catch (FileSystemException e) {
          if (!isLink(e)) {
            throw e;
          }
        }
      }
    }
  }

  /** The child's path, or null when its name on disk could never be a {@link StoragePath}. */
  private static StoragePath childOrNull(StoragePath parent, String name) {
    try {
      StoragePath child = parent.child(name);
      return child.name().equals(name) ? child : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  // ---- folders, delete, move, copy ----------------------------------------------------------

  @Override
  public boolean mkdirs(String owner, StoragePath path) throws IOException {
    try {
      boolean[] created = {false};
      try (Dir dir = folder(owner, path, true, created)) {
        return created[0];
      }
    } catch (IOException e) {
      throw meaningOf(e, path);
    }
  }

  @Override
  public long delete(String owner, StoragePath path, boolean recursive) throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.INVALID_OPERATION, "The home folder cannot be deleted.");
    }
    Lock lock = pathLocks.of(owner + "/" + path);
    lock.lock();
    try (Dir parent = folder(owner, path.parent(), false)) {
      if (parent == null) {
        throw notFound(path);
      }
      String name = path.name();
      BasicFileAttributes a = entry(path, parent.statOrNull(name));
      if (a.isRegularFile()) {
        parent.deleteFile(name);
        parent.sync();
        return a.size();
      }
      if (!recursive) {
        parent.deleteFolder(name);
        parent.sync();
        return 0;
      }
      // Out of sight at once, then removed at leisure.
      String doomed = UUID.randomUUID() + ".deleted";
      parent.rename(name, staging, doomed);
      parent.sync();
      return deleteTree(staging, doomed);
    } catch (IOException e) {
      throw meaningOf(e, path);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public FileInfo move(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException {
    checkTransfer(from, to);
    if (from.equals(to)) {
      return stat(owner, from);
    }
    Lock lock = pathLocks.of(owner + "/" + to);
    lock.lock();
    try (Dir sourceParent = folder(owner, from.parent(), false)) {
      if (sourceParent == null) {
        throw notFound(from);
      }
      BasicFileAttributes a = entry(from, sourceParent.statOrNull(from.name()));
      try (Dir targetParent = folder(owner, to.parent(), true)) {
        BasicFileAttributes old = checkTarget(to, targetParent.statOrNull(to.name()), a, overwrite);
        try {
          sourceParent.rename(from.name(), targetParent, to.name());
        } catch (NoSuchFileException e) {
          throw sourceParent.statOrNull(from.name()) == null
              ? notFound(from)
              : notFound(to.parent());
        }
        targetParent.sync();
        if (!from.parent().equals(to.parent())) {
          sourceParent.sync();
        }
        if (old != null && old.isRegularFile()) {
          space.release(old.size());
        }
        BasicFileAttributes now = targetParent.statOrNull(to.name());
        return toInfo(to, targetParent.path().resolve(to.name()), now == null ? a : now);
      }
    } catch (IOException e) {
      throw meaningOf(e, from);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public FileInfo copy(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException {
    checkTransfer(from, to);
    Dir source;
    BasicFileAttributes a;
    try (Dir sourceParent = folder(owner, from.parent(), false)) {
      if (sourceParent == null) {
        throw notFound(from);
      }
      a = entry(from, sourceParent.statOrNull(from.name()));
      if (from.equals(to) || (a.isDirectory() && from.contains(to))) {
        throw new StorageException(Reason.INVALID_OPERATION, "Cannot copy a path onto itself.");
      }
      try (Dir targetParent = folder(owner, to.parent(), false)) {
        if (targetParent != null) {
          checkTarget(to, targetParent.statOrNull(to.name()), a, overwrite);
        }
      }
      if (a.isRegularFile()) {
        source = null;
      } else {
        source = sourceParent.open(from.name());
      }
    } catch (IOException e) {
      throw meaningOf(e, from);
    }
    if (source == null) {
      try (OpenFile file = open(owner, from);
          InputStream in = file.stream(ByteRange.all(file.info().size()))) {
        WriteOptions options =
            new WriteOptions(overwrite, null, file.info().sha256(), file.info().size(), -1, space);
        return write(owner, to, in, options).info();
      }
    }
    try (Dir tree = source) {
      return copyFolder(owner, tree, from, to, a, overwrite, space);
    }
  }

  /** Copies a folder tree into staging, flushed, and renames it to {@code to} in one step. */
  private FileInfo copyFolder(
      String owner,
      Dir source,
      StoragePath from,
      StoragePath to,
      BasicFileAttributes a,
      boolean overwrite,
      SpaceReservation space)
      throws IOException {
    Reserver reserver = new Reserver(space);
    String staged = UUID.randomUUID() + ".copy";
    boolean committed = false;
    try {
      reserver.need(treeSize(source));
      long[] copied = {0};
      copyTree(source, staging.path().resolve(staged), copied, reserver);
      Lock lock = pathLocks.of(owner + "/" + to);
      lock.lock();
      try (Dir targetParent = folder(owner, to.parent(), true)) {
        checkTarget(to, targetParent.statOrNull(to.name()), a, overwrite);
        staging.rename(staged, targetParent, to.name());
        committed = true;
        targetParent.sync();
        reserver.settle(copied[0]);
        BasicFileAttributes now = targetParent.statOrNull(to.name());
        return toInfo(to, targetParent.path().resolve(to.name()), now == null ? a : now);
      } finally {
        lock.unlock();
      }
    } catch (IOException e) {
      throw meaningOf(noSpaceOr(e), from);
    } finally {
      if (!committed) {
        reserver.abort();
        deleteQuietly(staging, staged);
      }
    }
  }

  private static void checkTransfer(StoragePath from, StoragePath to) {
    if (from.isRoot() || to.isRoot()) {
      throw new StorageException(
          Reason.INVALID_OPERATION, "The home folder cannot be moved, copied or replaced.");
    }
    if (!from.equals(to) && from.contains(to)) {
      throw new StorageException(
          Reason.INVALID_OPERATION, "A folder cannot be moved or copied into itself.");
    }
  }

  /** The target's current attributes, if any, after checking it may be replaced. */
  private static BasicFileAttributes checkTarget(
      StoragePath to, BasicFileAttributes old, BasicFileAttributes source, boolean overwrite) {
    if (old == null) {
      return null;
    }
    if (old.isSymbolicLink() || old.isOther()) {
      throw unsafe();
    }
    if (!overwrite || old.isDirectory() != source.isDirectory()) {
      throw exists(to);
    }
    return old;
  }

  /**
   * Copies the tree under {@code source} to the new folder {@code target} in staging (the storage's
   * own, so plain paths are safe there), flushing every file and folder written. Entries removed
   * while copying are left out; links and special files are never copied.
   */
  private void copyTree(Dir source, Path target, long[] copied, Reserver reserver)
      throws IOException {
    Files.createDirectory(target);
    for (String name : source.names()) {
      BasicFileAttributes a = source.statOrNull(name);
      if (a == null) {
        continue;
      }
      try {
        if (a.isDirectory()) {
          try (Dir sub = source.open(name)) {
            copyTree(sub, target.resolve(name), copied, reserver);
          }
        } else if (a.isRegularFile()) {
          copyFile(source, name, target.resolve(name), copied, reserver);
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        // Removed or replaced while copying: the copy shows the tree without it.
      }
    }
    try (FileChannel folder = FileChannel.open(target, StandardOpenOption.READ)) {
      folder.force(true);
    }
  }

  private void copyFile(Dir source, String name, Path target, long[] copied, Reserver reserver)
      throws IOException {
    try (FileChannel in = source.openFile(name, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long size = in.size();
      reserver.need(copied[0] + size);
      for (long done = 0; done < size; ) {
        long n = in.transferTo(done, size - done, out);
        if (n <= 0) {
          break; // shorter than it was a moment ago; copy what there is
        }
        done += n;
      }
      copied[0] += out.size();
      String sha = Digests.read(source.path().resolve(name));
      if (sha != null) {
        Digests.write(target, sha);
      }
      out.force(true);
    }
  }

  // ---- owners -------------------------------------------------------------------------------

  @Override
  public long usage(String owner) throws IOException {
    long total = 0;
    try (Dir home = home(owner, false)) {
      if (home != null) {
        total += treeSize(home);
      }
    }
    try (Dir parts = partialsOf(owner, false)) {
      if (parts != null) {
        total += treeSize(parts);
      }
    }
    return total;
  }

  @Override
  public void deleteOwner(String owner) throws IOException {
    for (Dir top : List.of(homes, partials)) {
      BasicFileAttributes a = top.statOrNull(checkOwner(owner));
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
      deleteTree(staging, doomed);
    }
  }

  // ---- partial uploads ----------------------------------------------------------------------

  @Override
  public void createPartial(String owner, String id) throws IOException {
    try (Dir dir = partialsOf(owner, true)) {
      try (FileChannel created =
          dir.openFile(checkId(id), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        // empty until the first append
      } catch (FileAlreadyExistsException e) {
        throw new StorageException(Reason.ALREADY_EXISTS, "This upload already exists.");
      }
      dir.sync();
    }
  }

  @Override
  public long appendPartial(
      String owner,
      String id,
      long offset,
      InputStream content,
      long maxBytes,
      SpaceReservation space)
      throws IOException {
    Reserver reserver = new Reserver(space);
    long written = 0;
    try (Dir dir = partialDir(owner);
        FileChannel channel = dir.openFile(checkId(id), StandardOpenOption.WRITE);
        FileLock held = lockPartial(channel)) {
      if (channel.size() != offset) {
        throw new StorageException(
            Reason.PRECONDITION_FAILED, "The upload is " + channel.size() + " bytes long.");
      }
      channel.position(offset);
      // small until the body shows it is fast: a trickling PATCH holds 8 KiB, not 256
      byte[] buffer = new byte[HashingCopier.FIRST_BUFFER_SIZE];
      try {
        for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
          long total = offset + written + n;
          if (maxBytes >= 0 && total > maxBytes) {
            throw tooLarge(maxBytes);
          }
          reserver.need(written + n);
          ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
          while (chunk.hasRemaining()) {
            channel.write(chunk);
          }
          written += n;
          if (n == buffer.length && buffer.length < HashingCopier.BUFFER_SIZE) {
            buffer = new byte[Math.min(HashingCopier.BUFFER_SIZE, buffer.length * 4)];
          }
        }
      } finally {
        // The offset a client is told (or finds with HEAD after a cut) is what is on stable
        // storage, so it resumes from bytes that really survive.
        channel.force(false);
      }
      return offset + written;
    } catch (NoSuchFileException e) {
      throw noSuchUpload();
    } catch (IOException e) {
      throw noSpaceOr(e);
    } finally {
      reserver.settle(written);
    }
  }

  private static FileLock lockPartial(FileChannel channel) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new StorageException(
          Reason.PRECONDITION_FAILED, "Another request is appending to this upload.");
    }
    return lock;
  }

  @Override
  public long partialLength(String owner, String id) throws IOException {
    try (Dir dir = partialDir(owner)) {
      BasicFileAttributes a = dir.statOrNull(checkId(id));
      if (a == null) {
        throw noSuchUpload();
      }
      if (!a.isRegularFile()) {
        throw unsafe();
      }
      return a.size();
    }
  }

  @Override
  public void truncatePartial(String owner, String id, long length, SpaceReservation space)
      throws IOException {
    try (Dir dir = partialDir(owner);
        FileChannel channel = dir.openFile(checkId(id), StandardOpenOption.WRITE);
        FileLock held = lockPartial(channel)) {
      long before = channel.size();
      if (length < before) {
        channel.truncate(length);
        channel.force(false);
        space.release(before - length);
      }
    } catch (NoSuchFileException e) {
      throw noSuchUpload();
    }
  }

  @Override
  public void deletePartial(String owner, String id, SpaceReservation space) throws IOException {
    try (Dir dir = partialsOf(owner, false)) {
      BasicFileAttributes a = dir == null ? null : dir.statOrNull(checkId(id));
      if (a == null) {
        return;
      }
      try {
        dir.deleteFile(id);
      } catch (NoSuchFileException e) {
        return;
      }
      space.release(a.size());
    }
  }

  @Override
  public Written commitPartial(
      String owner, String id, StoragePath path, WriteOptions options, String sha256)
      throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.IS_A_FOLDER, "The home folder is not a file.");
    }
    try (Dir dir = partialDir(owner)) {
      try (Dir parent = folder(owner, path.parent(), false)) {
        // Only the walk's refusals (a link, a file on the way) matter here; commit checks the rest.
      } catch (IOException e) {
        throw meaningOf(e, path);
      }
      long size = partialLength(owner, id);
      if (options.maxSize() >= 0 && size > options.maxSize()) {
        throw tooLarge(options.maxSize());
      }
      if (options.expectedSize() >= 0 && size != options.expectedSize()) {
        throw new StorageException(
            Reason.PRECONDITION_FAILED,
            "The upload is " + size + " bytes, not the announced size.");
      }
      try (FileChannel in = dir.openFile(id, StandardOpenOption.READ)) {
        String sha = sha256 != null ? sha256 : HashingCopier.sha256Of(Channels.newInputStream(in));
        checkDigest(options.expectedSha256(), sha);
        Digests.write(dir.path().resolve(id), sha);
        in.force(true); // appends were flushed; this covers the digest, before the rename
      }
      return commit(owner, path, dir, id, options);
    } catch (NoSuchFileException e) {
      throw noSuchUpload();
    }
  }

  /** The owner's partials folder; {@code NOT_FOUND} (no such upload) when there is none. */
  private Dir partialDir(String owner) throws IOException {
    Dir dir = partialsOf(owner, false);
    if (dir == null) {
      throw noSuchUpload();
    }
    return dir;
  }

  private Dir partialsOf(String owner, boolean create) throws IOException {
    return step(partials, checkOwner(owner), create, "partials/" + owner, null);
  }

  private static StorageException noSuchUpload() {
    return new StorageException(Reason.NOT_FOUND, "No such upload.");
  }

  // ---- walking ------------------------------------------------------------------------------

  private static String checkOwner(String owner) {
    if (owner == null || !OWNER.matcher(owner).matches()) {
      throw new IllegalArgumentException("not a valid owner name");
    }
    return owner;
  }

  private static String checkId(String id) {
    if (id == null || !PARTIAL_ID.matcher(id).matches()) {
      throw new StorageException(Reason.INVALID_OPERATION, "Not a valid upload id.");
    }
    return id;
  }

  /** The owner's home, opened; null when it does not exist and {@code create} is false. */
  private Dir home(String owner, boolean create) throws IOException {
    return step(homes, checkOwner(owner), create, owner + "/", null);
  }

  private Dir folder(String owner, StoragePath path, boolean create) throws IOException {
    return folder(owner, path, create, null);
  }

  /**
   * Opens the folder at {@code path} in {@code owner}'s home by walking from the opened home, one
   * segment at a time, following no link. With {@code create}, missing folders are made (and {@code
   * created[0]} tells whether the last one was); otherwise a missing one gives null.
   *
   * @throws StorageException {@code UNSAFE_PATH} for a link or special file on the way, {@code
   *     NOT_A_FOLDER} for a file
   */
  private Dir folder(String owner, StoragePath path, boolean create, boolean[] created)
      throws IOException {
    Dir dir = step(homes, checkOwner(owner), create, owner + "/", created);
    StringBuilder at = new StringBuilder(owner).append('/');
    try {
      for (String segment : path.segments()) {
        if (dir == null) {
          return null;
        }
        at.append(segment).append('/');
        Dir next = step(dir, segment, create, at.toString(), created);
        dir.close();
        dir = next;
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      if (dir != null) {
        dir.close();
      }
      throw e;
    }
  }

  /**
   * Opens the sub-folder {@code name} of {@code dir}, creating it first when missing and {@code
   * create} is set; null when missing otherwise. A folder removed between looking and opening is
   * looked at again.
   */
  private Dir step(Dir dir, String name, boolean create, String lockKey, boolean[] created)
      throws IOException {
    if (created != null) {
      created[0] = false;
    }
    for (int attempt = 0; ; attempt++) {
      BasicFileAttributes a = dir.statOrNull(name);
      if (a == null) {
        if (!create) {
          return null;
        }
        boolean made = createFolder(dir, name, lockKey);
        if (created != null) {
          created[0] = made;
        }
        a = dir.statOrNull(name);
        if (a == null) {
          if (attempt < RETRIES) {
            continue;
          }
          throw new NoSuchFileException(name);
        }
      }
      if (a.isSymbolicLink() || a.isOther()) {
        throw unsafe();
      }
      if (!a.isDirectory()) {
        throw new StorageException(
            Reason.NOT_A_FOLDER, "A file stands where a folder is needed on this path.");
      }
      try {
        return dir.open(name);
      } catch (NoSuchFileException e) {
        if (attempt >= RETRIES) {
          throw e;
        }
      } catch (NotDirectoryException e) {
        throw new StorageException(
            Reason.NOT_A_FOLDER, "A file stands where a folder is needed on this path.");
      }
    }
  }

  /**
   * Creates the empty folder {@code name} in {@code parent}, unless something is there already;
   * true when this call made it. Java has no {@code mkdirat}, and a plain {@code mkdir} by name
   * would follow a link swapped in above: so the folder is made in staging (the storage's own) and
   * renamed into the opened parent, which is then flushed.
   */
  private boolean createFolder(Dir parent, String name, String lockKey) throws IOException {
    Lock lock = folderLocks.of(lockKey);
    lock.lock();
    try {
      if (parent.statOrNull(name) != null) {
        return false;
      }
      String temp = UUID.randomUUID() + ".dir";
      Files.createDirectory(staging.path().resolve(temp));
      try {
        staging.rename(temp, parent, name);
      } catch (IOException e) {
        deleteQuietly(staging, temp);
        if (e instanceof DirectoryNotEmptyException || reason(e, "Directory not empty")) {
          return false; // made by someone else meanwhile, and already in use
        }
        throw e;
      }
      parent.sync();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The attributes of an entry the caller needs, refusing what is absent, a link or special. */
  private static BasicFileAttributes entry(StoragePath path, BasicFileAttributes a) {
    if (a == null) {
      throw notFound(path);
    }
    if (a.isSymbolicLink() || a.isOther()) {
      throw unsafe();
    }
    return a;
  }

  // ---- attributes ---------------------------------------------------------------------------

  private FileInfo toInfo(StoragePath path, Path file, BasicFileAttributes a) {
    boolean folder = a.isDirectory();
    return new FileInfo(
        path,
        folder,
        folder ? 0 : a.size(),
        a.lastModifiedTime().toInstant(),
        etag(file, a),
        folder ? null : digests.known(file, a));
  }

  private static String etag(Path file, BasicFileAttributes a) {
    Object key = a.fileKey();
    long identity = key == null ? Objects.hashCode(file) : key.hashCode();
    return Long.toHexString(a.size())
        + "-"
        + Long.toHexString(a.lastModifiedTime().to(TimeUnit.MICROSECONDS))
        + "-"
        + Integer.toHexString((int) identity);
  }

  // ---- trees --------------------------------------------------------------------------------

  /** Bytes of regular files below {@code dir}; what vanishes while counting is not counted. */
  private static long treeSize(Dir dir) throws IOException {
    long total = 0;
    for (String name : dir.names()) {
      BasicFileAttributes a = dir.statOrNull(name);
      if (a == null) {
        continue;
      }
      if (a.isRegularFile()) {
        total += a.size();
      } else if (a.isDirectory()) {
        try (Dir sub = dir.open(name)) {
          total += treeSize(sub);
        } catch (NoSuchFileException | NotDirectoryException e) {
          // gone meanwhile
        } catch (FileSystemException e) {
          if (!isLink(e)) {
            throw e;
          }
        }
      }
    }
    return total;
  }

  /**
   * Deletes {@code name} in {@code parent} and everything below it, relative to open handles and
   * following no link (a link is removed, never what it points to); returns the bytes of regular
   * files removed. What others remove meanwhile is skipped; what they add meanwhile is removed too.
   */
  private static long deleteTree(Dir parent, String name) throws IOException {
    long total = 0;
    for (int round = 0; round <= RETRIES; round++) {
      BasicFileAttributes a = parent.statOrNull(name);
      if (a == null) {
        return total;
      }
      if (!a.isDirectory()) {
        try {
          parent.deleteFile(name);
          return total + (a.isRegularFile() ? a.size() : 0);
        } catch (NoSuchFileException e) {
          return total;
        } catch (FileSystemException e) {
          if (reason(e, "Is a directory")) {
            continue; // replaced by a folder meanwhile
          }
          throw e;
        }
      }
      try (Dir dir = parent.open(name)) {
        for (String child : dir.names()) {
          total += deleteTree(dir, child);
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        continue;
      } catch (FileSystemException e) {
        if (isLink(e)) {
          continue; // replaced by a link meanwhile: the next round removes the link itself
        }
        throw e;
      }
      try {
        parent.deleteFolder(name);
        return total;
      } catch (NoSuchFileException e) {
        return total;
      } catch (DirectoryNotEmptyException e) {
        // filled again meanwhile: empty it again
      }
    }
    throw new DirectoryNotEmptyException(parent.path().resolve(name).toString());
  }

  private static void deleteQuietly(Dir dir, String name) {
    try {
      deleteTree(dir, name);
    } catch (IOException e) {
      // Staging is swept at the next start.
    }
  }

  // ---- errors -------------------------------------------------------------------------------

  private static StorageException notFound(StoragePath path) {
    return new StorageException(Reason.NOT_FOUND, "Nothing at " + display(path) + ".");
  }

  private static StorageException exists(StoragePath path) {
    return new StorageException(
        Reason.ALREADY_EXISTS, "Something already exists at " + display(path) + ".");
  }

  private static StorageException unsafe() {
    return new StorageException(
        Reason.UNSAFE_PATH, "The path leads through a link or leaves the home folder.");
  }

  private static StorageException tooLarge(long max) {
    return new StorageException(
        Reason.TOO_LARGE, "The content is larger than the limit of " + max + " bytes.");
  }

  private static String display(StoragePath path) {
    return path.isRoot() ? "the home folder" : "'" + path + "'";
  }

  /**
   * What a file-system error means when another request raced this one (a folder removed, moved,
   * filled or replaced under it): a refusal the caller can act on. Anything else stays an I/O
   * error.
   */
  private static IOException meaningOf(IOException e, StoragePath path) {
    if (e instanceof NoSuchFileException) {
      throw new StorageException(
          Reason.NOT_FOUND,
          "Nothing at " + display(path) + " any more: another request removed or moved it.");
    }
    if (e instanceof DirectoryNotEmptyException || reason(e, "Directory not empty")) {
      throw new StorageException(Reason.NOT_EMPTY, "The target folder is not empty.");
    }
    if (e instanceof NotDirectoryException || reason(e, "Not a directory")) {
      throw new StorageException(
          Reason.NOT_A_FOLDER, "A file stands where a folder is needed on this path.");
    }
    if (reason(e, "Is a directory")) {
      throw new StorageException(Reason.IS_A_FOLDER, "A folder stands at this path.");
    }
    if (e instanceof FileAlreadyExistsException) {
      throw exists(path);
    }
    if (isLink(e)) {
      throw unsafe();
    }
    return noSpaceOr(e);
  }

  private static boolean reason(IOException e, String reason) {
    return e instanceof FileSystemException f && reason.equals(f.getReason());
  }

  /** ELOOP: opening with no-follow met a symbolic link. */
  private static boolean isLink(IOException e) {
    String message =
        e instanceof FileSystemException f && f.getReason() != null
            ? f.getReason()
            : e.getMessage();
    return message != null && message.startsWith("Too many levels of symbolic links");
  }

  /** A full disk is the caller's business (507); other I/O errors are not. */
  private static IOException noSpaceOr(IOException e) {
    String message = e.getMessage();
    if (message != null && message.contains("No space left on device")) {
      throw new StorageException(Reason.NO_SPACE, "The storage is full.");
    }
    return e;
  }

  /** Takes space ahead of the bytes (in chunks, to spare the database) and settles at the end. */
  private static final class Reserver {
    private static final long CHUNK = 8L * 1024 * 1024;
    private final SpaceReservation space;
    private long reserved;

    Reserver(SpaceReservation space) {
      this.space = space;
    }

    void need(long total) {
      if (total <= reserved) {
        return;
      }
      long missing = total - reserved;
      if (space.tryReserve(Math.max(missing, CHUNK))) {
        reserved += Math.max(missing, CHUNK);
      } else if (space.tryReserve(missing)) {
        reserved += missing;
      } else {
        throw new StorageException(Reason.QUOTA_EXCEEDED, "The upload would exceed your quota.");
      }
    }

    /** Keeps {@code used} bytes and gives the rest back. */
    void settle(long used) {
      space.release(reserved - used);
      reserved = used;
    }

    void abort() {
      space.release(reserved);
      reserved = 0;
    }
  }
}
