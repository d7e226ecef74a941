package dev.coffer.files.storage;

import dev.coffer.files.storage.StorageException.Reason;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.util.ConcurrentLruCache;

/**
 * {@link Storage} on a local folder:
 *
 * <pre>
 *   root/homes/&lt;owner&gt;/...     each owner's tree
 *   root/partials/&lt;owner&gt;/&lt;id&gt;  partial uploads, outside every home
 *   root/tmp/                   staging for writes in flight; emptied at start-up
 * </pre>
 *
 * Paths are resolved segment by segment without following any symbolic link: a link anywhere on the
 * way is refused, and so is anything whose real path leaves the home. New content is written to
 * {@code tmp/} and renamed into place, so it appears whole or not at all; the SHA-256 travels with
 * the file in a {@code user.coffer.sha256} extended attribute (when the file system has none,
 * digests are simply unknown).
 */
public final class FileSystemStorage implements Storage {

  static final String SHA256_ATTRIBUTE = "coffer.sha256";
  private static final Pattern OWNER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern PARTIAL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final int LOCK_STRIPES = 256;
  private static final int DIGEST_CACHE_SIZE = 4096;

  private final Path homes;
  private final Path partials;
  private final Path staging;
  private final HashingCopier copier;
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
  private final ConcurrentLruCache<Version, Optional<String>> digests =
      new ConcurrentLruCache<>(DIGEST_CACHE_SIZE, v -> Optional.ofNullable(digestOf(v.file())));

  /**
   * Opens (creating if needed) the storage under {@code root} and removes what a crashed process
   * left in its staging folder.
   *
   * @param hashers threads that compute digests alongside uploads
   */
  public FileSystemStorage(Path root, ExecutorService hashers) throws IOException {
    Path base = Files.createDirectories(root).toRealPath();
    // Real, so that a home found to be a plain folder needs no real-path lookup of its own.
    this.homes = Files.createDirectories(base.resolve("homes")).toRealPath();
    this.partials = Files.createDirectories(base.resolve("partials"));
    this.staging = Files.createDirectories(base.resolve("tmp"));
    this.copier = new HashingCopier(hashers);
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
    sweepStaging();
  }

  /** Deletes everything in the staging folder: leftovers of writes that never finished. */
  int sweepStaging() throws IOException {
    int removed = 0;
    try (Stream<Path> leftovers = Files.list(staging)) {
      for (Path leftover : (Iterable<Path>) leftovers::iterator) {
        deleteTree(leftover);
        removed++;
      }
    }
    return removed;
  }

  // ---- writes -------------------------------------------------------------------------------

  @Override
  public Written write(String owner, StoragePath path, InputStream content, WriteOptions options)
      throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.IS_A_FOLDER, "The home folder is not a file.");
    }
    Path target = locate(owner, path);
    checkCommit(target, options);
    if (options.expectedSize() >= 0
        && options.maxSize() >= 0
        && options.expectedSize() > options.maxSize()) {
      throw tooLarge(options.maxSize());
    }
    Reserver reserver = new Reserver(options.space());
    Path temp = staging.resolve(UUID.randomUUID() + ".part");
    boolean committed = false;
    try {
      if (options.expectedSize() > 0) {
        reserver.need(options.expectedSize());
      }
      HashingCopier.Result copied;
      try (OutputStream out = new FileOutputStream(temp.toFile())) {
        copied =
            copier.copy(
                content,
                out,
                total -> {
                  if (options.maxSize() >= 0 && total > options.maxSize()) {
                    throw tooLarge(options.maxSize());
                  }
                  if (options.expectedSize() >= 0 && total > options.expectedSize()) {
                    throw new IOException("more content than announced");
                  }
                  reserver.need(total);
                });
      }
      if (options.expectedSize() >= 0 && copied.bytes() != options.expectedSize()) {
        throw new IOException("content ended before the announced length");
      }
      checkDigest(options.expectedSha256(), copied.sha256());
      setDigest(temp, copied.sha256());
      Written written = commit(owner, path, temp, options);
      committed = true;
      reserver.settle(copied.bytes());
      return written;
    } catch (IOException e) {
      throw noSpaceOr(e);
    } finally {
      Files.deleteIfExists(temp);
      if (!committed) {
        reserver.abort();
      }
    }
  }

  /**
   * Moves a complete, verified staging file to {@code path}. Under the path's lock the conditions
   * are checked again, so of racing writers each sees a consistent state and one version wins
   * whole.
   */
  private Written commit(String owner, StoragePath path, Path staged, WriteOptions options)
      throws IOException {
    Path target = locate(owner, path);
    ReentrantLock lock = lockFor(owner, path);
    lock.lock();
    try {
      BasicFileAttributes old = attributesOrNull(target);
      checkCommit(target, options);
      mkdirsFor(owner, path.parent());
      if (old == null && !options.overwrite()) {
        try {
          Files.createLink(target, staged);
        } catch (FileAlreadyExistsException e) {
          throw exists(path);
        }
        Files.delete(staged);
      } else {
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      }
      if (old != null && old.isRegularFile()) {
        options.space().release(old.size());
      }
      return new Written(info(path, target), old == null);
    } finally {
      lock.unlock();
    }
  }

  private void checkCommit(Path target, WriteOptions options) throws IOException {
    BasicFileAttributes old = attributesOrNull(target);
    if (old != null && old.isDirectory()) {
      throw new StorageException(Reason.IS_A_FOLDER, "A folder stands at this path.");
    }
    if (options.ifMatch() != null
        && (old == null || !options.ifMatch().equals(etag(target, old)))) {
      throw new StorageException(
          Reason.PRECONDITION_FAILED, "The file does not have the expected etag.");
    }
    if (old != null && !options.overwrite()) {
      throw new StorageException(Reason.ALREADY_EXISTS, "A file already exists at this path.");
    }
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
    Path file = locate(owner, path);
    if (path.isRoot() && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return new FileInfo(path, true, 0, java.time.Instant.EPOCH, "0", null);
    }
    return info(path, file);
  }

  @Override
  public OpenFile open(String owner, StoragePath path) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Found found = find(owner, path);
      Path file = found.file();
      BasicFileAttributes before = found.attributes();
      if (before == null) {
        throw notFound(path);
      }
      if (before.isDirectory()) {
        throw new StorageException(Reason.IS_A_FOLDER, "This is a folder, not a file.");
      }
      if (before.fileKey() == null && !file.toRealPath().startsWith(home(owner))) {
        throw unsafe(); // no identity to compare below: check the real path instead
      }
      FileChannel channel;
      try {
        channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        throw notFound(path);
      } catch (FileSystemException e) {
        throw unsafeOr(e);
      }
      // The same file (device, inode, modification time) before and after opening: the info
      // describes the bytes we hold, and what was opened is the entry the walk checked, not
      // something a link swapped in on the way since then led to. Otherwise walk again.
      BasicFileAttributes after = attributesOrNull(file);
      if (after != null
          && Objects.equals(before.fileKey(), after.fileKey())
          && before.lastModifiedTime().equals(after.lastModifiedTime())) {
        return new FileSystemOpenFile(toInfo(path, file, after), channel, file);
      }
      channel.close();
      if (attempt == 3) {
        throw new IOException("the file keeps changing");
      }
    }
  }

  @Override
  public Listing list(String owner, StoragePath path, ListOptions options) throws IOException {
    Path dir = locate(owner, path);
    if (path.isRoot() && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return new Listing(List.of(), null);
    }
    if (!attributes(path, dir).isDirectory()) {
      throw new StorageException(Reason.NOT_A_FOLDER, "This is a file, not a folder.");
    }
    List<FileInfo> entries = new ArrayList<>();
    if (options.recursive()) {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
                throws IOException {
              if (d.equals(dir)) {
                return FileVisitResult.CONTINUE;
              }
              StoragePath p = pathOrNull(owner, d);
              if (p == null) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              entries.add(toInfo(p, d, a));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              StoragePath p = a.isRegularFile() ? pathOrNull(owner, f) : null;
              if (p != null) {
                entries.add(toInfo(p, f, a));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } else {
      try (Stream<Path> children = Files.list(dir)) {
        for (Path child : (Iterable<Path>) children::iterator) {
          BasicFileAttributes a = attributesOrNull(child);
          StoragePath p = pathOrNull(owner, child);
          if (a != null && p != null && (a.isRegularFile() || a.isDirectory())) {
            entries.add(toInfo(p, child, a));
          }
        }
      }
    }
    return Listings.page(entries, options);
  }

  // ---- folders, delete, move, copy ----------------------------------------------------------

  @Override
  public boolean mkdirs(String owner, StoragePath path) throws IOException {
    return mkdirsFor(owner, path);
  }

  private boolean mkdirsFor(String owner, StoragePath path) throws IOException {
    Path dir = home(owner);
    boolean created = ensureFolder(dir, StoragePath.ROOT);
    StoragePath at = StoragePath.ROOT;
    for (String segment : path.segments()) {
      dir = dir.resolve(segment);
      at = at.child(segment);
      created = ensureFolder(dir, at);
    }
    return created;
  }

  private boolean ensureFolder(Path dir, StoragePath path) throws IOException {
    BasicFileAttributes a = attributesOrNull(dir);
    if (a == null) {
      try {
        Files.createDirectory(dir);
        return true;
      } catch (FileAlreadyExistsException e) {
        a = attributesOrNull(dir);
      }
    }
    if (a == null || a.isSymbolicLink() || a.isOther()) {
      throw unsafe();
    }
    if (!a.isDirectory()) {
      throw new StorageException(
          Reason.NOT_A_FOLDER, "A file stands where a folder is needed: " + path);
    }
    return false;
  }

  @Override
  public long delete(String owner, StoragePath path, boolean recursive) throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.INVALID_OPERATION, "The home folder cannot be deleted.");
    }
    Path target = locate(owner, path);
    ReentrantLock lock = lockFor(owner, path);
    lock.lock();
    try {
      BasicFileAttributes a = attributes(path, target);
      if (a.isRegularFile()) {
        Files.delete(target);
        return a.size();
      }
      if (!recursive) {
        try {
          Files.delete(target);
          return 0;
        } catch (DirectoryNotEmptyException e) {
          throw new StorageException(Reason.NOT_EMPTY, "The folder is not empty.");
        }
      }
      // Out of sight at once, then removed at leisure.
      Path doomed = staging.resolve(UUID.randomUUID() + ".deleted");
      Files.move(target, doomed, StandardCopyOption.ATOMIC_MOVE);
      return deleteTree(doomed);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public FileInfo move(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException {
    Path source = locate(owner, from);
    Path target = locate(owner, to);
    checkTransfer(from, to);
    BasicFileAttributes a = attributes(from, source);
    if (from.equals(to)) {
      return toInfo(to, source, a);
    }
    ReentrantLock lock = lockFor(owner, to);
    lock.lock();
    try {
      BasicFileAttributes old = checkTarget(to, target, a, overwrite);
      mkdirsFor(owner, to.parent());
      try {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (DirectoryNotEmptyException e) {
        throw new StorageException(Reason.NOT_EMPTY, "The target folder is not empty.");
      } catch (NoSuchFileException e) {
        throw notFound(from);
      }
      if (old != null && old.isRegularFile()) {
        space.release(old.size());
      }
      return info(to, target);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public FileInfo copy(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException {
    Path source = locate(owner, from);
    Path target = locate(owner, to);
    checkTransfer(from, to);
    BasicFileAttributes a = attributes(from, source);
    if (from.equals(to) || (a.isDirectory() && from.contains(to))) {
      throw new StorageException(Reason.INVALID_OPERATION, "Cannot copy a path onto itself.");
    }
    checkTarget(to, target, a, overwrite);
    if (a.isRegularFile()) {
      try (OpenFile file = open(owner, from);
          InputStream in = file.stream(ByteRange.all(file.info().size()))) {
        WriteOptions options =
            new WriteOptions(overwrite, null, file.info().sha256(), file.info().size(), -1, space);
        return write(owner, to, in, options).info();
      }
    }
    long bytes = treeSize(source);
    Reserver reserver = new Reserver(space);
    Path staged = staging.resolve(UUID.randomUUID() + ".copy");
    boolean committed = false;
    try {
      reserver.need(bytes);
      copyTree(source, staged);
      ReentrantLock lock = lockFor(owner, to);
      lock.lock();
      try {
        checkTarget(to, target, a, overwrite);
        mkdirsFor(owner, to.parent());
        try {
          Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (DirectoryNotEmptyException e) {
          throw new StorageException(Reason.NOT_EMPTY, "The target folder is not empty.");
        }
        committed = true;
      } finally {
        lock.unlock();
      }
      reserver.settle(bytes);
      return info(to, target);
    } catch (IOException e) {
      throw noSpaceOr(e);
    } finally {
      if (!committed) {
        reserver.abort();
        if (Files.exists(staged, LinkOption.NOFOLLOW_LINKS)) {
          deleteTree(staged);
        }
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
  private BasicFileAttributes checkTarget(
      StoragePath to, Path target, BasicFileAttributes source, boolean overwrite)
      throws IOException {
    BasicFileAttributes old = attributesOrNull(target);
    if (old == null) {
      return null;
    }
    if (!overwrite || old.isDirectory() != source.isDirectory()) {
      throw exists(to);
    }
    return old;
  }

  private void copyTree(Path source, Path staged) throws IOException {
    Files.walkFileTree(
        source,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
              throws IOException {
            Files.createDirectory(staged.resolve(source.relativize(d)));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            if (a.isRegularFile()) {
              Path copy = staged.resolve(source.relativize(f));
              Files.copy(f, copy, LinkOption.NOFOLLOW_LINKS);
              String sha = digestOf(f);
              if (sha != null) {
                setDigest(copy, sha);
              }
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  // ---- owners -------------------------------------------------------------------------------

  @Override
  public long usage(String owner) throws IOException {
    long total = 0;
    Path home = home(owner);
    if (Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
      total += treeSize(home);
    }
    Path parts = partials.resolve(checkOwner(owner));
    if (Files.isDirectory(parts, LinkOption.NOFOLLOW_LINKS)) {
      total += treeSize(parts);
    }
    return total;
  }

  @Override
  public void deleteOwner(String owner) throws IOException {
    for (Path tree : List.of(home(owner), partials.resolve(checkOwner(owner)))) {
      if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
        Path doomed = staging.resolve(UUID.randomUUID() + ".deleted");
        Files.move(tree, doomed, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(doomed);
      }
    }
  }

  // ---- partial uploads ----------------------------------------------------------------------

  @Override
  public void createPartial(String owner, String id) throws IOException {
    Path dir = Files.createDirectories(partials.resolve(checkOwner(owner)));
    try {
      Files.createFile(dir.resolve(checkId(id)));
    } catch (FileAlreadyExistsException e) {
      throw new StorageException(Reason.ALREADY_EXISTS, "This upload already exists.");
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
    Path file = partial(owner, id);
    Reserver reserver = new Reserver(space);
    long written = 0;
    try (FileChannel channel =
            FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileLock held = lockPartial(channel)) {
      if (channel.size() != offset) {
        throw new StorageException(
            Reason.PRECONDITION_FAILED, "The upload is " + channel.size() + " bytes long.");
      }
      channel.position(offset);
      // small until the body shows it is fast: a trickling PATCH holds 8 KiB, not 256
      byte[] buffer = new byte[HashingCopier.FIRST_BUFFER_SIZE];
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
      return offset + written;
    } catch (NoSuchFileException e) {
      throw new StorageException(Reason.NOT_FOUND, "No such upload.");
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
    try {
      return Files.readAttributes(
              partial(owner, id), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .size();
    } catch (NoSuchFileException e) {
      throw new StorageException(Reason.NOT_FOUND, "No such upload.");
    }
  }

  @Override
  public void truncatePartial(String owner, String id, long length, SpaceReservation space)
      throws IOException {
    try (FileChannel channel =
            FileChannel.open(
                partial(owner, id), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileLock held = lockPartial(channel)) {
      long before = channel.size();
      if (length < before) {
        channel.truncate(length);
        space.release(before - length);
      }
    } catch (NoSuchFileException e) {
      throw new StorageException(Reason.NOT_FOUND, "No such upload.");
    }
  }

  @Override
  public void deletePartial(String owner, String id, SpaceReservation space) throws IOException {
    Path file = partial(owner, id);
    BasicFileAttributes a = attributesOrNull(file);
    if (a != null && Files.deleteIfExists(file)) {
      space.release(a.size());
    }
  }

  @Override
  public Written commitPartial(String owner, String id, StoragePath path, WriteOptions options)
      throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.IS_A_FOLDER, "The home folder is not a file.");
    }
    Path file = partial(owner, id);
    locate(owner, path);
    long size = partialLength(owner, id);
    if (options.maxSize() >= 0 && size > options.maxSize()) {
      throw tooLarge(options.maxSize());
    }
    if (options.expectedSize() >= 0 && size != options.expectedSize()) {
      throw new StorageException(
          Reason.PRECONDITION_FAILED, "The upload is " + size + " bytes, not the announced size.");
    }
    String sha;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      sha = HashingCopier.sha256Of(in);
    }
    checkDigest(options.expectedSha256(), sha);
    setDigest(file, sha);
    return commit(owner, path, file, options);
  }

  // ---- paths --------------------------------------------------------------------------------

  private Path home(String owner) {
    return homes.resolve(checkOwner(owner));
  }

  private static String checkOwner(String owner) {
    if (owner == null || !OWNER.matcher(owner).matches()) {
      throw new IllegalArgumentException("not a valid owner name");
    }
    return owner;
  }

  private Path partial(String owner, String id) {
    return partials.resolve(checkOwner(owner)).resolve(checkId(id));
  }

  private static String checkId(String id) {
    if (id == null || !PARTIAL_ID.matcher(id).matches()) {
      throw new StorageException(Reason.INVALID_OPERATION, "Not a valid upload id.");
    }
    return id;
  }

  /**
   * The local path of {@code path} in {@code owner}'s home, after checking that no existing part of
   * it, the home included, is a symbolic link (or anything but a folder on the way), so that it
   * stays in the home. The target itself may not exist yet.
   */
  private Path locate(String owner, StoragePath path) throws IOException {
    Found found = find(owner, path);
    // The home is a plain folder (checked by the walk) in the real homes folder: it is its own real
    // path. Re-check the whole path, against a link swapped in on the way since the walk.
    if (found.attributes() != null && !found.file().toRealPath().startsWith(home(owner))) {
      throw unsafe();
    }
    return found.file();
  }

  /** A located entry and its attributes as the walk saw them (null when it does not exist). */
  private record Found(Path file, BasicFileAttributes attributes) {}

  /**
   * {@link #locate} without the closing real-path check, keeping the attributes of the last step so
   * callers need not read them again. Besides {@link #locate}, only {@link #open} uses it: it
   * re-checks by identity instead, which costs one {@code lstat} where a real path costs a {@code
   * readlink} per component of the absolute path (on a small download, more than all the rest of
   * the file work).
   */
  private Found find(String owner, StoragePath path) throws IOException {
    Path home = home(owner);
    BasicFileAttributes h = attributesOrNull(home);
    if (h == null) {
      return new Found(home.resolve(String.join("/", path.segments())), null);
    }
    if (!h.isDirectory()) {
      throw unsafe();
    }
    Path at = home;
    BasicFileAttributes a = h;
    List<String> segments = path.segments();
    for (int i = 0; i < segments.size(); i++) {
      at = at.resolve(segments.get(i));
      a = attributesOrNull(at);
      if (a == null) {
        for (int j = i + 1; j < segments.size(); j++) {
          at = at.resolve(segments.get(j));
        }
        return new Found(at, null);
      }
      if (a.isSymbolicLink() || a.isOther()) {
        throw unsafe();
      }
      if (!a.isDirectory() && i < segments.size() - 1) {
        throw new StorageException(
            Reason.NOT_A_FOLDER, "A file stands where a folder is needed on this path.");
      }
    }
    return new Found(at, a);
  }

  /**
   * The storage path of a local entry, or null when its name could never be a {@link StoragePath}
   * (put there by hand: such entries are left out of listings and archives).
   */
  private StoragePath pathOrNull(String owner, Path local) {
    List<String> segments = new ArrayList<>();
    for (Path part : home(owner).relativize(local)) {
      segments.add(part.toString());
    }
    try {
      StoragePath path = StoragePath.of(segments);
      return path.toString().equals(String.join("/", segments)) ? path : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  // ---- attributes ---------------------------------------------------------------------------

  private FileInfo info(StoragePath path, Path file) throws IOException {
    return toInfo(path, file, attributes(path, file));
  }

  private FileInfo toInfo(StoragePath path, Path file, BasicFileAttributes a) throws IOException {
    boolean folder = a.isDirectory();
    return new FileInfo(
        path,
        folder,
        folder ? 0 : a.size(),
        a.lastModifiedTime().toInstant(),
        etag(file, a),
        folder ? null : knownDigest(file, a));
  }

  private static String etag(Path file, BasicFileAttributes a) {
    Object key = a.fileKey();
    long identity = key == null ? file.hashCode() : key.hashCode();
    return Long.toHexString(a.size())
        + "-"
        + Long.toHexString(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.MICROSECONDS))
        + "-"
        + Integer.toHexString((int) identity);
  }

  private static BasicFileAttributes attributes(StoragePath path, Path file) throws IOException {
    BasicFileAttributes a = attributesOrNull(file);
    if (a == null) {
      throw notFound(path);
    }
    if (a.isSymbolicLink() || a.isOther()) {
      throw unsafe();
    }
    return a;
  }

  private static BasicFileAttributes attributesOrNull(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    }
  }

  /**
   * The stored digest of a file, remembered per version: reading the attribute costs an open, a
   * read and a close, more than the rest of a small download's file work. A version is its file
   * identity (device and inode), size and modification time; content is only ever replaced by
   * renaming a new file in, so a changed file is a new version and misses.
   */
  private String knownDigest(Path file, BasicFileAttributes a) {
    Object identity = a.fileKey();
    if (identity == null) {
      return digestOf(file);
    }
    return digests.get(new Version(file, identity, a.size(), a.lastModifiedTime())).orElse(null);
  }

  private record Version(Path file, Object identity, long size, FileTime modified) {}

  private static String digestOf(Path file) {
    try {
      UserDefinedFileAttributeView view =
          Files.getFileAttributeView(
              file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (view == null) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.allocate(64);
      int n = view.read(SHA256_ATTRIBUTE, buffer);
      return n == 64 ? new String(buffer.array(), 0, n, StandardCharsets.US_ASCII) : null;
    } catch (IOException | UnsupportedOperationException e) {
      return null; // no attribute, or a file system without user attributes
    }
  }

  private static void setDigest(Path file, String sha256) {
    try {
      UserDefinedFileAttributeView view =
          Files.getFileAttributeView(
              file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (view != null) {
        view.write(
            SHA256_ATTRIBUTE,
            ByteBuffer.wrap(sha256.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)));
      }
    } catch (IOException | UnsupportedOperationException e) {
      // The digest stays unknown; the content is what matters.
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private ReentrantLock lockFor(String owner, StoragePath path) {
    return locks[Math.floorMod((owner + "/" + path).hashCode(), LOCK_STRIPES)];
  }

  private static long treeSize(Path root) throws IOException {
    long[] total = {0};
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
            if (a.isRegularFile()) {
              total[0] += a.size();
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
    return total[0];
  }

  /** Deletes a tree without following links; returns the bytes of regular files removed. */
  private static long deleteTree(Path root) throws IOException {
    long[] total = {0};
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            if (a.isRegularFile()) {
              total[0] += a.size();
            }
            Files.deleteIfExists(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
    return total[0];
  }

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

  private static IOException unsafeOr(FileSystemException e) {
    if (e instanceof AccessDeniedException
        || "Too many levels of symbolic links".equals(e.getReason())) {
      throw unsafe();
    }
    return e;
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
