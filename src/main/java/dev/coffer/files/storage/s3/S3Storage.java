package dev.coffer.files.storage.s3;

import dev.coffer.cluster.SharedLocks;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.PartialUploads;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@link Storage} on an S3 bucket (AWS S3, MinIO, Ceph RGW, Garage, S3Proxy); see {@link Keys} for
 * the layout.
 *
 * <p>A facade over the parts that do the work, each in this package:
 *
 * <ul>
 *   <li><b>Writes</b> ({@link Writer}): a small body as one {@code PUT}, a larger one streamed as
 *       one {@code PUT} whose last byte waits for the commit checks ({@link HeldBackBody}) or as a
 *       multipart upload ({@link PartStream}); nothing is visible before the commit, and a failed
 *       write leaves no object and no parts. The SHA-256 travels in the object's metadata, or in a
 *       sidecar when it is known only at the end ({@link DigestSidecars}).
 *   <li><b>Reads</b> ({@link Reader}): stat, open ({@link S3OpenFile}) and listing ({@link
 *       NamePages} for name-ordered pages).
 *   <li><b>Folders, deletes, moves and copies</b> ({@link Entries}): folders are key prefixes with
 *       an empty marker object; moves and copies are server-side copies, per object for a folder.
 *   <li><b>Partial uploads</b> for tus ({@link S3Partials}).
 *   <li><b>The bucket</b> ({@link Bucket}): every call to the object store, S3's answers given
 *       their meaning here (a copy over 5 GiB goes part by part, {@link PartCopy}). What an object
 *       says as a {@link FileInfo} is {@link ObjectInfos}'s; the refusals the parts share are
 *       {@link Refusals}.
 * </ul>
 *
 * <p><b>Races.</b> The commits, deletes, moves and copies of one path are serialised by a lock that
 * holds for every node on the same bucket ({@link SharedLocks}; PostgreSQL advisory locks when the
 * database is shared), so the check of what stands at a path and the change that follows are one
 * step for the whole deployment, and the size of a replaced file goes back to the quota once. A tus
 * upload's appends and commit take a lock of their own per upload, refused rather than awaited.
 */
public final class S3Storage implements Storage, Closeable {

  /** The metadata entry that holds a file's SHA-256 (and a sidecar's, {@link DigestSidecars}). */
  static final String SHA256 = "coffer-sha256";

  /** The tus upload a file was committed from (metadata), so that a retried commit knows it. */
  static final String TUS_UPLOAD = "coffer-tus-upload";

  private final Bucket bucket;
  private final Keys keys;
  private final S3Partials partials;
  private final SharedLocks pathLocks;
  private final Reader reader;
  private final Writer writer;
  private final Entries entries;

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
    PartStream parts =
        new PartStream(
            bucket, workers, (int) properties.partSize().toBytes(), properties.partsInFlight());
    DigestSidecars sums = new DigestSidecars(bucket, keys);
    this.pathLocks = pathLocks;
    this.reader = new Reader(bucket, keys, sums);
    this.writer = new Writer(bucket, keys, parts, sums, pathLocks, reader);
    this.entries = new Entries(bucket, keys, sums, pathLocks, reader);
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
    return writer.write(owner, path, content, options);
  }

  // ---- reads --------------------------------------------------------------------------------

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
    return reader.list(owner, path, options);
  }

  // ---- folders, delete, move, copy ----------------------------------------------------------

  @Override
  public boolean mkdirs(String owner, StoragePath path) throws IOException {
    return entries.mkdirs(owner, path);
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
    return entries.size(keys.home(owner)) + partials.usage(owner);
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

  /**
   * What a tus commit shares with every other write to a path: the {@link Writer}'s commit checks
   * and its last step.
   */
  private S3Partials.Commits commits() {
    return new S3Partials.Commits() {
      @Override
      public @Nullable HeadObjectResponse check(
          String owner, StoragePath path, String key, WriteOptions options) throws IOException {
        return writer.checkCommit(owner, path, key, options);
      }

      @Override
      public Written committed(
          String owner,
          StoragePath path,
          String key,
          @Nullable HeadObjectResponse old,
          SpaceReservation space)
          throws IOException {
        return writer.committed(owner, path, key, old, space);
      }
    };
  }

  // ---- helpers ------------------------------------------------------------------------------

  Lock lockOf(String key) {
    return pathLocks.of(key);
  }
}
