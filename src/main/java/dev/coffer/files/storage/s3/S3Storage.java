package dev.coffer.files.storage.s3;

import dev.coffer.cluster.SharedLocks;
import dev.coffer.files.quota.SpaceReserver;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.Listings;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.PartialUploads;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link Storage} on an S3 bucket (AWS S3, MinIO, Ceph RGW, Garage, S3Proxy); see {@link Keys} for
 * the layout.
 *
 * <p><b>Writes.</b> A body smaller than one part ({@code part-size}) is read whole and sent as one
 * {@code PUT}. A larger body of announced length (up to S3's 5 GiB for one {@code PUT}) streams as
 * one {@code PUT} whose last byte is held back until the commit checks pass ({@link HeldBackBody}),
 * so the server writes the object once. A larger body of unknown length streams as a multipart
 * upload, a few parts in flight ({@link PartStream}). Before the last byte (or the {@code
 * CompleteMultipartUpload}) nothing is visible, and a write that fails or is cut off leaves no
 * object and no parts. The SHA-256 travels in the object's metadata ({@code
 * x-amz-meta-coffer-sha256}) when it is known as the write starts (a small body, an announced
 * digest, a tus upload's commit). S3 fixes metadata when a write starts, so a large body whose
 * digest the client did not announce gets it in a sidecar instead ({@link DigestSidecars}): the
 * object is written once, not copied onto itself.
 *
 * <p><b>Folders</b> are key prefixes; {@link #mkdirs} and the removal of a folder's last entry
 * leave an empty marker object ({@code a/}) so that empty folders exist. Moves and copies are
 * server-side copies ({@code CopyObject}, part by part above 5 GiB); a folder's are per object, so
 * unlike on a file system a folder move is not one atomic step (each file is).
 *
 * <p><b>Races.</b> The commits, deletes, moves and copies of one path are serialised by a lock that
 * holds for every node on the same bucket ({@link SharedLocks}; PostgreSQL advisory locks when the
 * database is shared), so the check of what stands at a path and the change that follows are one
 * step for the whole deployment, and the size of a replaced file goes back to the quota once. A tus
 * upload's appends and commit take a lock of their own per upload, refused rather than awaited.
 */
public final class S3Storage implements Storage, Closeable {

  static final String SHA256 = "coffer-sha256";

  /** The tus upload a file was committed from (metadata), so that a retried commit knows it. */
  static final String TUS_UPLOAD = "coffer-tus-upload";

  private final Bucket bucket;
  private final Keys keys;
  private final PartStream parts;
  private final S3Partials partials;
  private final DigestSidecars sums;
  private final SharedLocks pathLocks;

  /** The only process on the bucket: locks of this process. */
  S3Storage(Bucket bucket, S3Properties properties, ExecutorService workers) {
    this(bucket, properties, workers, SharedLocks.inProcess(), SharedLocks.exact());
  }

  S3Storage(
      Bucket bucket,
      S3Properties properties,
      ExecutorService workers,
      SharedLocks pathLocks,
      SharedLocks uploadLocks) {
    this.bucket = bucket;
    this.keys = new Keys(properties.keyPrefix());
    this.parts =
        new PartStream(
            bucket, workers, (int) properties.partSize().toBytes(), properties.partsInFlight());
    this.sums = new DigestSidecars(bucket, keys);
    this.pathLocks = pathLocks;
    this.partials =
        new S3Partials(bucket, keys, parts.partSize(), uploadLocks, pathLocks, commits());
  }

  /**
   * Connects to the bucket {@code properties} name and checks it can be used; a setting that does
   * not work stops here with an {@link S3SettingException} naming it.
   *
   * @param pathLocks locks that hold for every node on the bucket, by path
   * @param uploadLocks the same by tus upload, one per key ({@link
   *     dev.coffer.cluster.ClusterLocks#exact}): a taken one refuses an append
   */
  public static S3Storage connect(
      S3Properties properties,
      ExecutorService workers,
      SharedLocks pathLocks,
      SharedLocks uploadLocks) {
    return new S3Storage(
        S3Connector.connect(properties), properties, workers, pathLocks, uploadLocks);
  }

  @Override
  public void close() {
    bucket.close();
  }

  Bucket bucket() {
    return bucket;
  }

  Keys keys() {
    return keys;
  }

  // ---- writes -------------------------------------------------------------------------------

  @Override
  public Written write(String owner, StoragePath path, InputStream content, WriteOptions options)
      throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.IS_A_FOLDER, "The home folder is not a file.");
    }
    String key = keys.file(owner, path);
    checkCommit(owner, path, key, options); // refuse early, before reading the body
    if (options.expectedSize() >= 0
        && options.maxSize() >= 0
        && options.expectedSize() > options.maxSize()) {
      throw tooLarge(options.maxSize());
    }
    SpaceReserver reserver = new SpaceReserver(options.space());
    boolean committed = false;
    try {
      if (options.expectedSize() > 0) {
        reserver.need(options.expectedSize());
      }
      PartStream.Progress progress =
          total -> {
            if (options.maxSize() >= 0 && total > options.maxSize()) {
              throw tooLarge(options.maxSize());
            }
            if (options.expectedSize() >= 0 && total > options.expectedSize()) {
              throw new IOException("more content than announced");
            }
            reserver.need(total);
          };
      Written written;
      if (options.expectedSize() > parts.partSize() && options.expectedSize() <= Bucket.MAX_PUT) {
        written = putStreamed(owner, path, key, content, progress, options);
      } else {
        PartStream.First first = parts.readFirst(content, progress);
        written =
            first.ended()
                ? putWhole(owner, path, key, first, options)
                : putInParts(owner, path, key, first, content, progress, options);
      }
      committed = true;
      reserver.settle(written.info().size());
      return written;
    } finally {
      if (!committed) {
        reserver.abort();
      }
    }
  }

  private Written putWhole(
      String owner, StoragePath path, String key, PartStream.First first, WriteOptions options)
      throws IOException {
    checkLength(options, first.length());
    MessageDigest digest = PartStream.sha256();
    digest.update(first.buffer(), 0, first.length());
    String sha = HexFormat.of().formatHex(digest.digest());
    checkDigest(options.expectedSha256(), sha);
    Lock lock = lockOf(key);
    lock.lock();
    try {
      HeadObjectResponse old = checkCommit(owner, path, key, options);
      bucket.put(key, first.buffer(), first.length(), Map.of(SHA256, sha));
      return committed(owner, path, key, old, options.space());
    } finally {
      lock.unlock();
    }
  }

  /**
   * A body of announced length streams as one {@code PUT} ({@link HeldBackBody}): the commit checks
   * run, under the path's lock, before its last byte goes, and S3 then writes the object once. A
   * digest the client announced goes into the metadata at once; otherwise it is known only at the
   * end, and goes into the file's sidecar.
   */
  private Written putStreamed(
      String owner,
      StoragePath path,
      String key,
      InputStream content,
      PartStream.Progress progress,
      WriteOptions options)
      throws IOException {
    String announced = options.expectedSha256();
    Lock lock = lockOf(key);
    // taken by the check before the last byte, on this thread (the SDK's client writes the body on
    // the caller's thread); held through the digest copy and the quota until the commit is recorded
    AtomicBoolean locked = new AtomicBoolean();
    List<HeadObjectResponse> old = new ArrayList<>(1);
    HeldBackBody body =
        new HeldBackBody(
            content,
            options.expectedSize(),
            progress,
            sha -> {
              checkDigest(announced, sha);
              lock.lock();
              locked.set(true);
              HeadObjectResponse replaced = checkCommit(owner, path, key, options);
              if (replaced != null) {
                old.add(replaced);
              }
            });
    try {
      try {
        bucket.putStream(
            key,
            body,
            options.expectedSize(),
            announced == null ? Map.of() : Map.of(SHA256, announced.toLowerCase()));
      } catch (IOException | RuntimeException e) {
        rethrowFailureOf(body);
        throw e;
      }
      String sha = body.sha256();
      if (sha == null) {
        throw new IOException("the object store took the body without its last byte");
      }
      Written written =
          committed(owner, path, key, old.isEmpty() ? null : old.get(0), options.space());
      return announced == null ? recorded(owner, path, written, sha) : written;
    } finally {
      if (locked.get()) {
        lock.unlock();
      }
    }
  }

  /** A streamed body's own failure (the client's, or a check's) rather than the request's. */
  private static void rethrowFailureOf(HeldBackBody body) throws IOException {
    Exception failure = body.failure();
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
  }

  private Written putInParts(
      String owner,
      StoragePath path,
      String key,
      PartStream.First first,
      InputStream content,
      PartStream.Progress progress,
      WriteOptions options)
      throws IOException {
    String announced = options.expectedSha256();
    String upload =
        bucket.createMultipart(
            key, announced == null ? Map.of() : Map.of(SHA256, announced.toLowerCase()));
    boolean completed = false;
    try {
      PartStream.Sent sent = parts.send(key, upload, first, content, progress);
      checkLength(options, sent.bytes());
      checkDigest(announced, sent.sha256());
      Lock lock = lockOf(key);
      lock.lock();
      try {
        HeadObjectResponse old = checkCommit(owner, path, key, options);
        bucket.complete(key, upload, sent.parts());
        completed = true;
        Written written = committed(owner, path, key, old, options.space());
        return announced == null ? recorded(owner, path, written, sent.sha256()) : written;
      } finally {
        lock.unlock();
      }
    } finally {
      if (!completed) {
        bucket.abortQuietly(key, upload);
      }
    }
  }

  /** After a commit: the replaced file's size goes back, and the new file is described. */
  private Written committed(
      String owner,
      StoragePath path,
      String key,
      @Nullable HeadObjectResponse old,
      SpaceReservation space)
      throws IOException {
    if (old != null) {
      space.release(old.contentLength());
    }
    HeadObjectResponse now = bucket.head(key);
    if (now == null) {
      throw notFound(path); // deleted again at once by another request
    }
    return new Written(fileInfo(path, now), old == null);
  }

  /**
   * A file just committed (under its path's lock) whose metadata lacks its digest: the digest goes
   * into its sidecar, for the object as it now is.
   */
  private Written recorded(String owner, StoragePath path, Written written, String sha256)
      throws IOException {
    FileInfo info = written.info();
    sums.record(owner, path, info.etag(), sha256);
    return new Written(
        new FileInfo(info.path(), false, info.size(), info.modified(), info.etag(), sha256),
        written.created());
  }

  private static void checkLength(WriteOptions options, long bytes) throws IOException {
    if (options.expectedSize() >= 0 && bytes != options.expectedSize()) {
      throw new IOException("content ended before the announced length");
    }
  }

  /**
   * The file at {@code path}, if any, after checking that {@code options} allow replacing it and
   * that no folder stands there or a file on the way.
   */
  @Nullable HeadObjectResponse checkCommit(
      String owner, StoragePath path, String key, WriteOptions options) throws IOException {
    checkParents(owner, path);
    HeadObjectResponse old = bucket.head(key);
    if (old == null && bucket.anyUnder(key + "/")) {
      throw new StorageException(Reason.IS_A_FOLDER, "A folder stands at this path.");
    }
    if (options.ifMatch() != null
        && (old == null || !options.ifMatch().equals(unquote(old.eTag())))) {
      throw new StorageException(
          Reason.PRECONDITION_FAILED, "The file does not have the expected etag.");
    }
    if (old != null && !options.overwrite()) {
      throw new StorageException(Reason.ALREADY_EXISTS, "A file already exists at this path.");
    }
    return old;
  }

  /** No file may stand where {@code path} needs a folder. */
  private void checkParents(String owner, StoragePath path) throws IOException {
    for (StoragePath p = path.parent(); !p.isRoot(); p = p.parent()) {
      if (bucket.head(keys.file(owner, p)) != null) {
        throw notAFolder();
      }
    }
  }

  static void checkDigest(@Nullable String expected, String actual) {
    if (expected != null && !expected.equalsIgnoreCase(actual)) {
      throw new StorageException(
          Reason.DIGEST_MISMATCH, "The content does not match the SHA-256 the client sent.");
    }
  }

  // ---- reads --------------------------------------------------------------------------------

  @Override
  public FileInfo stat(String owner, StoragePath path) throws IOException {
    if (path.isRoot()) {
      return folderInfo(path, keys.home(owner));
    }
    String key = keys.file(owner, path);
    HeadObjectResponse head = bucket.head(key);
    if (head != null) {
      return fileInfo(path, head, sums.of(owner, path, unquote(head.eTag()), head.metadata()));
    }
    if (bucket.anyUnder(key + "/")) {
      return folderInfo(path, key + "/");
    }
    checkParents(owner, path);
    throw notFound(path);
  }

  @Override
  public OpenFile open(String owner, StoragePath path) throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.IS_A_FOLDER, "This is a folder, not a file.");
    }
    String key = keys.file(owner, path);
    ResponseInputStream<GetObjectResponse> whole = bucket.get(key, null, null);
    if (whole == null) {
      if (bucket.anyUnder(key + "/")) {
        throw new StorageException(Reason.IS_A_FOLDER, "This is a folder, not a file.");
      }
      checkParents(owner, path);
      throw notFound(path);
    }
    GetObjectResponse r = whole.response();
    FileInfo info =
        new FileInfo(
            path,
            false,
            r.contentLength(),
            r.lastModified(),
            unquote(r.eTag()),
            sums.of(owner, path, unquote(r.eTag()), r.metadata()));
    return new S3OpenFile(bucket, key, info, whole);
  }

  @Override
  public Listing list(String owner, StoragePath path, ListOptions options) throws IOException {
    String base = keys.folder(owner, path);
    if (NamePages.applies(options)) {
      Listing page = NamePages.page(bucket, path, base, options);
      if (page != null) {
        return page;
      }
    }
    List<FileInfo> entries = new ArrayList<>();
    boolean exists =
        options.recursive() ? collectTree(path, base, entries) : collect(path, base, entries);
    if (!exists && !path.isRoot()) {
      throw missingFolder(owner, path);
    }
    return Listings.page(entries, path, options);
  }

  /**
   * Why a folder that lists nothing is not there: a file stands there or on the way, or nothing.
   */
  private StorageException missingFolder(String owner, StoragePath path) throws IOException {
    if (bucket.head(keys.file(owner, path)) != null) {
      return notAFolder();
    }
    checkParents(owner, path);
    return notFound(path);
  }

  /** The direct entries of the folder {@code base}; whether the folder exists. */
  private boolean collect(StoragePath at, String base, List<FileInfo> entries) throws IOException {
    boolean exists = false;
    String next = null;
    do {
      Bucket.Page page = bucket.list(base, "/", next, 1000);
      for (S3Object o : page.objects()) {
        exists = true;
        StoragePath child = Keys.below(at, base, o.key());
        if (child != null && !child.equals(at)) {
          entries.add(fileInfo(child, o));
        }
      }
      for (String prefix : page.prefixes()) {
        exists = true;
        StoragePath child = Keys.below(at, base, prefix.substring(0, prefix.length() - 1));
        if (child != null) {
          entries.add(folderEntry(child));
        }
      }
      next = page.next();
    } while (next != null);
    return exists;
  }

  /** Every entry below {@code base}, folders implied by keys included; whether it exists. */
  private boolean collectTree(StoragePath at, String base, List<FileInfo> entries)
      throws IOException {
    Map<StoragePath, FileInfo> folders = new TreeMap<>();
    boolean[] exists = {false};
    bucket.forEach(
        base,
        o -> {
          exists[0] = true;
          if (o.key().equals(base)) {
            return;
          }
          boolean marker = o.key().endsWith("/");
          StoragePath path =
              Keys.below(at, base, marker ? o.key().substring(0, o.key().length() - 1) : o.key());
          if (path == null || path.equals(at)) {
            return;
          }
          if (!marker) {
            entries.add(fileInfo(path, o));
            path = path.parent();
          }
          for (StoragePath p = path; !p.equals(at) && at.contains(p); p = p.parent()) {
            folders.putIfAbsent(p, folderEntry(p));
          }
        });
    entries.addAll(folders.values());
    return exists[0];
  }

  // ---- folders, delete, move, copy ----------------------------------------------------------

  @Override
  public boolean mkdirs(String owner, StoragePath path) throws IOException {
    String base = keys.folder(owner, path);
    checkParents(owner, path);
    if (!path.isRoot() && bucket.head(keys.file(owner, path)) != null) {
      throw notAFolder();
    }
    if (bucket.anyUnder(base)) {
      return false;
    }
    for (StoragePath p = path; ; p = p.parent()) {
      bucket.put(keys.folder(owner, p), new byte[0], 0, Map.of());
      if (p.isRoot()) {
        return true;
      }
    }
  }

  @Override
  public long delete(String owner, StoragePath path, boolean recursive) throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.INVALID_OPERATION, "The home folder cannot be deleted.");
    }
    String key = keys.file(owner, path);
    Lock lock = lockOf(key);
    lock.lock();
    try {
      HeadObjectResponse head = bucket.head(key);
      if (head != null) {
        bucket.delete(key);
        sums.forget(owner, path);
        keepFolder(owner, path.parent());
        return head.contentLength();
      }
      String base = key + "/";
      List<String> doomed = new ArrayList<>();
      long[] size = {0};
      bucket.forEach(
          base,
          o -> {
            doomed.add(o.key());
            size[0] += o.size();
          });
      if (doomed.isEmpty()) {
        throw notFound(path);
      }
      if (!recursive && !(doomed.size() == 1 && doomed.get(0).equals(base))) {
        throw new StorageException(Reason.NOT_EMPTY, "The folder is not empty.");
      }
      bucket.deleteAll(doomed);
      sums.forgetTree(owner, path);
      keepFolder(owner, path.parent());
      return size[0];
    } finally {
      lock.unlock();
    }
  }

  /** Keeps a folder that may just have lost its last entry (prefixes vanish with their keys). */
  private void keepFolder(String owner, StoragePath folder) throws IOException {
    if (!folder.isRoot()) {
      bucket.put(keys.folder(owner, folder), new byte[0], 0, Map.of());
    }
  }

  @Override
  public FileInfo move(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException {
    checkTransfer(from, to);
    FileInfo source = stat(owner, from);
    if (from.equals(to)) {
      return source;
    }
    Lock lock = lockOf(keys.file(owner, to));
    lock.lock();
    try {
      long replaced = checkTarget(owner, to, source, overwrite);
      if (source.folder()) {
        transferTree(owner, from, to, true);
      } else {
        bucket.copy(keys.file(owner, from), keys.file(owner, to), source.size(), digest(source));
        bucket.delete(keys.file(owner, from));
        sums.forget(owner, from);
      }
      keepFolder(owner, from.parent());
      space.release(replaced);
      return stat(owner, to);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public FileInfo copy(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException {
    checkTransfer(from, to);
    FileInfo source = stat(owner, from);
    if (from.equals(to) || (source.folder() && from.contains(to))) {
      throw new StorageException(Reason.INVALID_OPERATION, "Cannot copy a path onto itself.");
    }
    Lock lock = lockOf(keys.file(owner, to));
    lock.lock();
    SpaceReserver reserver = new SpaceReserver(space);
    boolean done = false;
    try {
      long replaced = checkTarget(owner, to, source, overwrite);
      long bytes;
      if (source.folder()) {
        bytes = treeSize(keys.folder(owner, from));
        reserver.need(bytes);
        transferTree(owner, from, to, false);
      } else {
        bytes = source.size();
        reserver.need(bytes);
        bucket.copy(keys.file(owner, from), keys.file(owner, to), bytes, digest(source));
      }
      done = true;
      reserver.settle(bytes);
      space.release(replaced);
      return stat(owner, to);
    } finally {
      lock.unlock();
      if (!done) {
        reserver.abort();
      }
    }
  }

  /** Copies (and with {@code move} then deletes) every object of a folder tree. */
  private void transferTree(String owner, StoragePath from, StoragePath to, boolean move)
      throws IOException {
    String source = keys.folder(owner, from);
    String target = keys.folder(owner, to);
    Map<String, DigestSidecars.Described> sidecars = sums.inTree(owner, from);
    List<String> copied = new ArrayList<>();
    bucket.put(target, new byte[0], 0, Map.of());
    bucket.forEach(
        source,
        o -> {
          if (!o.key().equals(source)) {
            String below = o.key().substring(source.length());
            DigestSidecars.Described sidecar = sidecars.get(below);
            String sha = sidecar == null ? null : sidecar.of(unquote(o.eTag()));
            // a digest from a sidecar goes into the copy's metadata; others travel with it
            bucket.copy(
                o.key(), target + below, o.size(), sha == null ? null : Map.of(SHA256, sha));
          }
          copied.add(o.key());
        });
    if (move) {
      bucket.deleteAll(copied);
      sums.forgetTree(owner, from);
    }
  }

  private long treeSize(String base) throws IOException {
    long[] total = {0};
    bucket.forEach(base, o -> total[0] += o.size());
    return total[0];
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

  /**
   * Checks that {@code to} may receive {@code source}: nothing there, or with {@code overwrite} a
   * file for a file or an empty folder for a folder. Returns the bytes of a replaced file.
   */
  private long checkTarget(String owner, StoragePath to, FileInfo source, boolean overwrite)
      throws IOException {
    FileInfo old;
    try {
      old = stat(owner, to);
    } catch (StorageException e) {
      if (e.reason() != Reason.NOT_FOUND) {
        throw e;
      }
      checkParents(owner, to);
      return 0;
    }
    if (!overwrite || old.folder() != source.folder()) {
      throw new StorageException(
          Reason.ALREADY_EXISTS, "Something already exists at '" + to + "'.");
    }
    if (old.folder()) {
      String base = keys.folder(owner, to);
      Bucket.Page page = bucket.list(base, null, null, 2);
      boolean empty =
          page.objects().stream().allMatch(o -> o.key().equals(base)) && page.prefixes().isEmpty();
      if (!empty) {
        throw new StorageException(Reason.NOT_EMPTY, "The target folder is not empty.");
      }
      return 0;
    }
    return old.size();
  }

  // ---- owners -------------------------------------------------------------------------------

  @Override
  public long usage(String owner) throws IOException {
    return treeSize(keys.home(owner)) + partials.usage(owner);
  }

  @Override
  public void deleteOwner(String owner) throws IOException {
    for (String base : List.of(keys.home(owner), keys.partials(owner), keys.sums(owner))) {
      for (var upload : bucket.uploadsUnder(base)) {
        bucket.abort(upload.key(), upload.uploadId());
      }
      List<String> doomed = new ArrayList<>();
      bucket.forEach(base, o -> doomed.add(o.key()));
      bucket.deleteAll(doomed);
    }
  }

  // ---- partial uploads ----------------------------------------------------------------------

  @Override
  public PartialUploads partials() {
    return partials;
  }

  /** What a tus commit shares with every other write to a path. */
  private S3Partials.Commits commits() {
    return new S3Partials.Commits() {
      @Override
      public @Nullable HeadObjectResponse check(
          String owner, StoragePath path, String key, WriteOptions options) throws IOException {
        return checkCommit(owner, path, key, options);
      }

      @Override
      public Written committed(
          String owner,
          StoragePath path,
          String key,
          @Nullable HeadObjectResponse old,
          SpaceReservation space)
          throws IOException {
        return S3Storage.this.committed(owner, path, key, old, space);
      }
    };
  }

  // ---- helpers ------------------------------------------------------------------------------

  Lock lockOf(String key) {
    return pathLocks.of(key);
  }

  /** A file as its {@code HEAD} describes it, its digest from its metadata. */
  static FileInfo fileInfo(StoragePath path, HeadObjectResponse head) {
    return fileInfo(path, head, head.metadata().get(SHA256));
  }

  private static FileInfo fileInfo(
      StoragePath path, HeadObjectResponse head, @Nullable String sha256) {
    return new FileInfo(
        path, false, head.contentLength(), head.lastModified(), unquote(head.eTag()), sha256);
  }

  /**
   * The metadata a moved or copied file's new object gets: its digest, wherever it was kept (its
   * metadata or its sidecar); null (the source's metadata, copied) when it has none.
   */
  private static @Nullable Map<String, String> digest(FileInfo source) {
    return source.sha256() == null ? null : Map.of(SHA256, source.sha256());
  }

  /** A listed file; listings carry no metadata, so its digest shows in stat and open only. */
  static FileInfo fileInfo(StoragePath path, S3Object o) {
    return new FileInfo(path, false, o.size(), o.lastModified(), unquote(o.eTag()), null);
  }

  static FileInfo folderEntry(StoragePath path) {
    return new FileInfo(path, true, 0, Instant.EPOCH, "d", null);
  }

  private FileInfo folderInfo(StoragePath path, String base) throws IOException {
    HeadObjectResponse marker = bucket.head(base);
    return new FileInfo(
        path,
        true,
        0,
        marker == null ? Instant.EPOCH : marker.lastModified(),
        marker == null ? "d" : unquote(marker.eTag()),
        null);
  }

  static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }

  static StorageException notFound(StoragePath path) {
    return new StorageException(
        Reason.NOT_FOUND,
        "Nothing at " + (path.isRoot() ? "the home folder" : "'" + path + "'") + ".");
  }

  private static StorageException notAFolder() {
    return new StorageException(
        Reason.NOT_A_FOLDER, "A file stands where a folder is needed on this path.");
  }

  static StorageException tooLarge(long max) {
    return new StorageException(
        Reason.TOO_LARGE, "The content is larger than the limit of " + max + " bytes.");
  }
}
