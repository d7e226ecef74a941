package dev.coffer.files.storage.s3;

import static dev.coffer.files.storage.s3.Checkpoints.DONE;
import static dev.coffer.files.storage.s3.Checkpoints.NONE;

import dev.coffer.cluster.SharedLocks;
import dev.coffer.files.quota.SpaceReserver;
import dev.coffer.files.storage.PartialUploads;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import dev.coffer.files.storage.s3.Checkpoints.State;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Partial (tus) uploads on S3, so that any node can take the next {@code PATCH}. Under {@code
 * partials/<owner>/<id>/}:
 *
 * <pre>
 *   data                         the multipart upload the full parts go to (and, once finished,
 *                                the whole content until it is copied to its path)
 *   g&lt;generation&gt;-&lt;length&gt;        a checkpoint, rewritten at the end of every append: its body
 *                                is the tail that does not yet fill a part (at most one part per
 *                                upload is ever buffered), its metadata the multipart upload's id,
 *                                how many parts it holds, and the SHA-256 state after them
 * </pre>
 *
 * <p>The SHA-256 state is Bouncy Castle's encodable digest state, so whichever node takes the last
 * {@code PATCH} finishes the digest from the checkpoint and the tail, never re-reading the upload.
 * The latest two checkpoints are kept: cutting an upload back to where its last append started (a
 * chunk that failed its checksum) restores the one before, whose parts S3 still holds (later part
 * numbers are overwritten by the next append, and completion names only the checkpoint's parts).
 *
 * <p>A crash costs at most the bytes of the append in progress that were not yet in a checkpoint:
 * the client's {@code HEAD} then reports the last checkpoint's length and it resumes from there.
 * Reading and writing the checkpoints is {@link Checkpoints}'s.
 */
final class S3Partials implements PartialUploads {

  /** A finished upload: its whole content at {@code key}. */
  record Finished(String key, long length, String sha256) {}

  /** What a commit shares with every write to a path ({@link S3Storage}'s). */
  interface Commits {

    /**
     * The file at {@code path}, if any, after checking that {@code options} allow replacing it and
     * that no folder stands there or a file on the way.
     */
    @Nullable HeadObjectResponse check(
        String owner, StoragePath path, String key, WriteOptions options) throws IOException;

    /** After a commit: the replaced file's size goes back, and the new file is described. */
    Written committed(
        String owner,
        StoragePath path,
        String key,
        @Nullable HeadObjectResponse old,
        SpaceReservation space)
        throws IOException;
  }

  private final Bucket bucket;
  private final Keys keys;
  private final int partSize;
  private final Checkpoints checkpoints;

  /**
   * One lock per upload, held by the append, cut or commit working on it on any node; others are
   * refused, not queued. The database releases a dead node's.
   */
  private final SharedLocks busy;

  /** The storage's locks by path, held across a commit's check and its copy. */
  private final SharedLocks pathLocks;

  private final Commits commits;

  S3Partials(
      Bucket bucket,
      Keys keys,
      int partSize,
      SharedLocks busy,
      SharedLocks pathLocks,
      Commits commits) {
    this.bucket = bucket;
    this.keys = keys;
    this.partSize = partSize;
    this.checkpoints = new Checkpoints(bucket);
    this.busy = busy;
    this.pathLocks = pathLocks;
    this.commits = commits;
  }

  @Override
  public void create(String owner, String id) throws IOException {
    String base = keys.partial(owner, id);
    if (bucket.anyUnder(base)) {
      throw new StorageException(Reason.ALREADY_EXISTS, "This upload already exists.");
    }
    byte[] fresh = new SHA256Digest().getEncodedState();
    checkpoints.save(base, new State(0, 0, NONE, 0, 0, fresh), new byte[0]);
  }

  @Override
  public long append(
      String owner,
      String id,
      long offset,
      InputStream content,
      long maxBytes,
      SpaceReservation space)
      throws IOException {
    String base = keys.partial(owner, id);
    Lock held = hold(base);
    SpaceReserver reserver = new SpaceReserver(space);
    long written = 0;
    try {
      State state = checkpoints.latest(base);
      if (state.length() != offset) {
        throw new StorageException(
            Reason.PRECONDITION_FAILED, "The upload is " + state.length() + " bytes long.");
      }
      if (DONE.equals(state.upload())) {
        throw new StorageException(Reason.PRECONDITION_FAILED, "The upload is complete.");
      }
      byte[] buffer = new byte[partSize];
      int tail = checkpoints.readTail(base, state, buffer);
      SHA256Digest digest = new SHA256Digest(state.digest());
      String upload = state.upload();
      int parts = state.parts();
      long partsBytes = state.partsBytes();
      boolean failed = true;
      try {
        for (int n = content.read(buffer, tail, partSize - tail);
            n >= 0;
            n = content.read(buffer, tail, partSize - tail)) {
          if (maxBytes >= 0 && offset + written + n > maxBytes) {
            throw Refusals.tooLarge(maxBytes);
          }
          reserver.need(written + n);
          tail += n;
          written += n;
          if (tail == partSize) {
            if (NONE.equals(upload)) {
              upload = bucket.createMultipart(base + "data", Map.of());
            }
            bucket.uploadPart(base + "data", upload, parts + 1, buffer, partSize);
            digest.update(buffer, 0, partSize);
            parts++;
            partsBytes += partSize;
            tail = 0;
          }
        }
        failed = false;
      } finally {
        // What arrived before a cut-off stays, as tus wants: it is checkpointed either way.
        if (written > 0) {
          try {
            State next =
                new State(
                    state.generation() + 1,
                    offset + written,
                    upload,
                    parts,
                    partsBytes,
                    digest.getEncodedState());
            checkpoints.save(base, next, java.util.Arrays.copyOf(buffer, tail));
            checkpoints.forgetOlder(base, next.generation() - 1);
          } catch (IOException | RuntimeException e) {
            written = 0; // not recorded: resumed from the last checkpoint
            if (!failed) {
              throw e;
            }
          }
        }
      }
      return offset + written;
    } finally {
      try {
        reserver.settle(written);
      } finally {
        held.unlock();
      }
    }
  }

  @Override
  public long length(String owner, String id) throws IOException {
    return checkpoints.latest(keys.partial(owner, id)).length();
  }

  @Override
  public void truncate(String owner, String id, long length, SpaceReservation space)
      throws IOException {
    String base = keys.partial(owner, id);
    Lock held = hold(base);
    try {
      List<S3Object> all = checkpoints.list(base);
      if (all.isEmpty()) {
        throw new StorageException(Reason.NOT_FOUND, "No such upload.");
      }
      State state = checkpoints.state(base, all.get(all.size() - 1));
      if (length >= state.length()) {
        return;
      }
      State from;
      String upload = state.upload();
      if (length == 0) {
        if (DONE.equals(upload)) {
          bucket.delete(base + "data");
        } else if (!NONE.equals(upload)) {
          bucket.abortQuietly(base + "data", upload);
        }
        upload = NONE;
        from = new State(state.generation(), 0, NONE, 0, 0, new SHA256Digest().getEncodedState());
      } else if (length >= state.partsBytes() && !DONE.equals(upload)) {
        from = state;
      } else {
        State previous = all.size() < 2 ? null : checkpoints.state(base, all.get(all.size() - 2));
        if (previous == null
            || length < previous.partsBytes()
            || length > previous.length()
            || !(previous.upload().equals(state.upload()) || NONE.equals(previous.upload()))) {
          throw new StorageException(
              Reason.INVALID_OPERATION,
              "An upload on S3 can only be cut back to where its last append started.");
        }
        from = previous;
      }
      byte[] tail = new byte[(int) (length - from.partsBytes())];
      checkpoints.readTail(base, from, tail);
      State next =
          new State(
              state.generation() + 1,
              length,
              upload,
              from.parts(),
              from.partsBytes(),
              from.digest());
      checkpoints.save(base, next, tail);
      checkpoints.forgetOlder(base, next.generation() - 1);
      space.release(state.length() - length);
    } finally {
      held.unlock();
    }
  }

  @Override
  public void delete(String owner, String id, SpaceReservation space) throws IOException {
    String base = keys.partial(owner, id);
    List<S3Object> all = checkpoints.list(base);
    long length = 0;
    if (!all.isEmpty()) {
      length = Checkpoints.lengthOf(all.get(all.size() - 1));
    }
    for (var upload : bucket.uploadsUnder(base)) {
      bucket.abortQuietly(upload.key(), upload.uploadId());
    }
    List<String> doomed = new ArrayList<>();
    bucket.forEach(base, o -> doomed.add(o.key()));
    if (doomed.isEmpty()) {
      return;
    }
    bucket.deleteAll(doomed);
    space.release(length);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The upload is {@linkplain #finish finished} first (under its own lock), then copied to its
   * path under the path's lock. The copy carries the upload's id ({@link S3Storage#TUS_UPLOAD}), so
   * a retry after a commit that copied and died before discarding the upload finds its file there
   * and does not count its bytes twice. {@code sha256} is not needed: the checkpoints carry the
   * digest.
   */
  @Override
  public Written commit(
      String owner, String id, StoragePath path, WriteOptions options, @Nullable String sha256)
      throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.IS_A_FOLDER, "The home folder is not a file.");
    }
    String key = keys.file(owner, path);
    Finished finished = finish(owner, id, options);
    Lock lock = pathLocks.of(key);
    lock.lock();
    try {
      HeadObjectResponse there = bucket.head(key);
      if (there != null && id.equals(there.metadata().get(S3Storage.TUS_UPLOAD))) {
        // An earlier commit copied this upload here and died (its node, say) before discarding
        // the upload: the file is the upload's already, and its bytes are counted once.
        discard(owner, id);
        return new Written(ObjectInfos.fileInfo(path, there), true);
      }
      HeadObjectResponse old = commits.check(owner, path, key, options);
      bucket.copy(
          finished.key(),
          key,
          finished.length(),
          Map.of(S3Storage.SHA256, finished.sha256(), S3Storage.TUS_UPLOAD, id));
      Written written = commits.committed(owner, path, key, old, options.space());
      discard(owner, id);
      return written;
    } finally {
      lock.unlock();
    }
  }

  /** Removes a committed upload: its bytes now belong to the file, so no space is given back. */
  void discard(String owner, String id) throws IOException {
    delete(owner, id, SpaceReservation.unlimited());
  }

  /**
   * Completes the upload's content at its {@code data} key after checking {@code options}; the
   * digest comes from the checkpoint and the buffered tail. Recorded, so a commit that fails later
   * (its copy to the path) can be taken again.
   */
  Finished finish(String owner, String id, WriteOptions options) throws IOException {
    String base = keys.partial(owner, id);
    Lock held = hold(base);
    try {
      State state = checkpoints.latest(base);
      long size = state.length();
      if (options.maxSize() >= 0 && size > options.maxSize()) {
        throw Refusals.tooLarge(options.maxSize());
      }
      if (options.expectedSize() >= 0 && size != options.expectedSize()) {
        throw new StorageException(
            Reason.PRECONDITION_FAILED,
            "The upload is " + size + " bytes, not the announced size.");
      }
      byte[] tail = new byte[(int) state.tail()];
      checkpoints.readTail(base, state, tail);
      SHA256Digest digest = new SHA256Digest(state.digest());
      if (DONE.equals(state.upload())) {
        return new Finished(base + "data", size, hex(digest));
      }
      digest.update(tail, 0, tail.length);
      String sha = hex(digest);
      Writer.checkDigest(options.expectedSha256(), sha);
      String data = base + "data";
      if (NONE.equals(state.upload())) {
        bucket.put(data, tail, tail.length, Map.of());
      } else {
        complete(data, state, tail);
      }
      // the finished digest is the state after every byte: no tail is left to add
      State done =
          new State(state.generation() + 1, size, DONE, 0, size, encodedFinished(state, tail));
      checkpoints.save(base, done, new byte[0]);
      checkpoints.forgetOlder(base, done.generation() - 1);
      return new Finished(data, size, sha);
    } finally {
      held.unlock();
    }
  }

  /**
   * Completes the multipart upload with the tail as its last part. An upload whose parts are gone
   * while its object stands whole was completed by an earlier try that died (its node, say) or lost
   * the answer before recording it: nothing else turns {@code data} into an object while a
   * checkpoint names an upload.
   */
  private void complete(String data, State state, byte[] tail) throws IOException {
    List<CompletedPart> parts = listParts(data, state);
    if (parts == null) {
      if (completedBefore(data, state)) {
        return;
      }
      throw new IOException("the multipart upload of " + data + " is gone or lost parts");
    }
    if (tail.length > 0) {
      String etag = bucket.uploadPart(data, state.upload(), state.parts() + 1, tail, tail.length);
      parts.add(CompletedPart.builder().partNumber(state.parts() + 1).eTag(etag).build());
    }
    try {
      bucket.complete(data, state.upload(), parts);
    } catch (NoSuchFileException e) {
      if (!completedBefore(data, state)) {
        throw e;
      }
    }
  }

  private boolean completedBefore(String data, State state) throws IOException {
    HeadObjectResponse whole = bucket.head(data);
    return whole != null && whole.contentLength() == state.length();
  }

  private static byte[] encodedFinished(State state, byte[] tail) {
    SHA256Digest digest = new SHA256Digest(state.digest());
    digest.update(tail, 0, tail.length);
    return digest.getEncodedState();
  }

  /** Bytes of every partial upload of the owner. */
  long usage(String owner) throws IOException {
    Map<String, Long> latest = new java.util.HashMap<>();
    String base = keys.partials(owner);
    bucket.forEach(
        base,
        o -> {
          String rest = o.key().substring(base.length());
          int slash = rest.indexOf('/');
          if (slash > 0 && rest.startsWith("g", slash + 1)) {
            latest.put(
                rest.substring(0, slash), Checkpoints.lengthOf(o)); // keys come in order: last wins
          }
        });
    return latest.values().stream().mapToLong(Long::longValue).sum();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private Lock hold(String base) {
    Lock lock = busy.of(base);
    if (!lock.tryLock()) {
      throw new StorageException(
          Reason.PRECONDITION_FAILED, "Another request is appending to this upload.");
    }
    return lock;
  }

  /** The parts of the checkpoint's upload; null when the upload or some of them are gone. */
  private @Nullable List<CompletedPart> listParts(String data, State state) throws IOException {
    List<CompletedPart> parts = new ArrayList<>();
    Integer marker = null;
    while (parts.size() < state.parts()) {
      Integer after = marker;
      var r =
          bucket.call(
              "LIST PARTS " + data,
              () ->
                  bucket
                      .client()
                      .listParts(
                          b ->
                              b.bucket(bucket.name())
                                  .key(data)
                                  .uploadId(state.upload())
                                  .partNumberMarker(after)));
      if (r == null) {
        return null;
      }
      for (Part p : r.parts()) {
        if (p.partNumber() <= state.parts()) {
          parts.add(CompletedPart.builder().partNumber(p.partNumber()).eTag(p.eTag()).build());
        }
      }
      if (!Boolean.TRUE.equals(r.isTruncated())) {
        break;
      }
      marker = r.nextPartNumberMarker();
    }
    return parts.size() == state.parts() ? parts : null;
  }

  private static String hex(SHA256Digest digest) {
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return HexFormat.of().formatHex(out);
  }
}
