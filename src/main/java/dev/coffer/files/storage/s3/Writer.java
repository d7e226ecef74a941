package dev.coffer.files.storage.s3;

import static dev.coffer.files.storage.s3.ObjectInfos.fileInfo;
import static dev.coffer.files.storage.s3.ObjectInfos.unquote;
import static dev.coffer.files.storage.s3.Refusals.notFound;
import static dev.coffer.files.storage.s3.Refusals.tooLarge;

import dev.coffer.cluster.SharedLocks;
import dev.coffer.files.quota.SpaceReserver;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * New content for a path. A body smaller than one part ({@code part-size}) is read whole and sent
 * as one {@code PUT}. A larger body of announced length (up to S3's 5 GiB for one {@code PUT})
 * streams as one {@code PUT} whose last byte is held back until the commit checks pass ({@link
 * HeldBackBody}), so the server writes the object once. A larger body of unknown length streams as
 * a multipart upload, a few parts in flight ({@link PartStream}). Before the last byte (or the
 * {@code CompleteMultipartUpload}) nothing is visible, and a write that fails or is cut off leaves
 * no object and no parts, and gives all its reserved space back.
 *
 * <p>The SHA-256 travels in the object's metadata ({@code x-amz-meta-coffer-sha256}) when it is
 * known as the write starts (a small body, an announced digest, a tus upload's commit). S3 fixes
 * metadata when a write starts, so a large body whose digest the client did not announce gets it in
 * a sidecar instead ({@link DigestSidecars}): the object is written once, not copied onto itself.
 *
 * <p>The commit checks ({@link #checkCommit}) run once before the body is read, to refuse early,
 * and again under the path's lock, with the commit itself; a tus upload's commit shares them and
 * {@link #committed}.
 */
final class Writer {

  private final Bucket bucket;
  private final Keys keys;
  private final PartStream parts;
  private final DigestSidecars sums;
  private final SharedLocks pathLocks;
  private final Reader reader;

  Writer(
      Bucket bucket,
      Keys keys,
      PartStream parts,
      DigestSidecars sums,
      SharedLocks pathLocks,
      Reader reader) {
    this.bucket = bucket;
    this.keys = keys;
    this.parts = parts;
    this.sums = sums;
    this.pathLocks = pathLocks;
    this.reader = reader;
  }

  Written write(String owner, StoragePath path, InputStream content, WriteOptions options)
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
    Lock lock = pathLocks.of(key);
    lock.lock();
    try {
      HeadObjectResponse old = checkCommit(owner, path, key, options);
      bucket.put(key, first.buffer(), first.length(), Map.of(S3Storage.SHA256, sha));
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
    Lock lock = pathLocks.of(key);
    // taken by the check before the last byte, on this thread (the SDK's client writes the body on
    // the caller's thread); held through the digest's sidecar and the quota until the commit is
    // recorded
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
            announced == null ? Map.of() : Map.of(S3Storage.SHA256, announced.toLowerCase()));
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
            key, announced == null ? Map.of() : Map.of(S3Storage.SHA256, announced.toLowerCase()));
    boolean completed = false;
    try {
      PartStream.Sent sent = parts.send(key, upload, first, content, progress);
      checkLength(options, sent.bytes());
      checkDigest(announced, sent.sha256());
      Lock lock = pathLocks.of(key);
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
  Written committed(
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
    reader.checkParents(owner, path);
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

  static void checkDigest(@Nullable String expected, String actual) {
    if (expected != null && !expected.equalsIgnoreCase(actual)) {
      throw new StorageException(
          Reason.DIGEST_MISMATCH, "The content does not match the SHA-256 the client sent.");
    }
  }
}
