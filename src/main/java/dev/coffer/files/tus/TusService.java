package dev.coffer.files.tus;

import dev.coffer.Refusal.Kind;
import dev.coffer.account.UsageLedger;
import dev.coffer.account.UserDeletedEvent;
import dev.coffer.disk.DiskGuard;
import dev.coffer.files.FilesProperties;
import dev.coffer.files.TransferLog;
import dev.coffer.files.TransferLog.Outcome;
import dev.coffer.files.TransferLog.Transfer;
import dev.coffer.files.quota.LedgerSpace;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.web.NoSpace;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Resumable uploads: the state lives in the database ({@link TusUploadRepository}), the bytes in
 * the storage's private partial area, and the file appears at its path through the storage's atomic
 * commit once the last byte is in.
 *
 * <p>Who may touch the partial data is decided by the storage's per-upload lock, which is held
 * while a {@code PATCH} streams and which the operating system releases if the process dies. The
 * offset is recorded while that lock is held (at the end of the body), so the database never claims
 * bytes that are not on disk. After a crash the partial data may hold more than the recorded
 * offset: those bytes are kept when their {@code PATCH} carried no checksum (tus keeps what
 * arrived) and cut off when it did (they were never verified); see {@link #reconcile}.
 *
 * <p>A {@code PATCH} that finds no room, over quota or on a full disk, removes the upload with its
 * data: partial bytes that can never become a file must not keep the disk full.
 */
@Service
class TusService {

  /** A commit claim older than this belongs to a request that died. */
  static final Duration COMMIT_STALE = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(TusService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Storage storage;
  private final UsageLedger ledger;
  private final DiskGuard disk;
  private final TransferLog transfers;
  private final FilesProperties files;
  private final TusProperties properties;
  private final TusUploadRepository uploads;
  private final RunningDigests digests;
  private final ExecutorService hashers;
  private final Clock clock;

  TusService(
      Storage storage,
      UsageLedger ledger,
      DiskGuard disk,
      TransferLog transfers,
      FilesProperties files,
      TusProperties properties,
      TusUploadRepository uploads,
      ExecutorService uploadHashers,
      Clock clock) {
    this.storage = storage;
    this.ledger = ledger;
    this.disk = disk;
    this.transfers = transfers;
    this.files = files;
    this.properties = properties;
    this.uploads = uploads;
    this.hashers = uploadHashers;
    this.clock = clock;
    // one state per unfinished upload this node is receiving; idle ones expire with the upload
    this.digests = new RunningDigests(properties.expiration(), 100_000);
  }

  /** The bad chunk of a {@code PATCH} whose {@code Upload-Checksum} did not match; it is gone. */
  static final class ChecksumMismatch extends TusRefusal {
    ChecksumMismatch() {
      super(
          Kind.CHECKSUM_MISMATCH,
          "checksum-mismatch",
          "The chunk does not match its Upload-Checksum and was discarded; send it again.");
    }

    @Override
    public String title() {
      return "Checksum Mismatch";
    }
  }

  /** The largest upload accepted, or -1 for no limit. */
  long maxSize() {
    return files.maxFileSizeBytes();
  }

  /**
   * Creates an upload of {@code length} bytes to the path its metadata names, after the checks
   * {@code PUT /api/v1/files} makes up front (path, size, quota, a folder or an existing file in
   * the way). An empty upload is committed at once.
   */
  TusUpload create(String user, long length, @Nullable String metadataHeader, boolean overwrite)
      throws IOException {
    UploadMetadata metadata;
    try {
      metadata = UploadMetadata.parse(metadataHeader);
    } catch (IllegalArgumentException e) {
      throw TusRefusal.badRequest("invalid-metadata", e.getMessage());
    }
    StoragePath path = target(metadata);
    long max = maxSize();
    if (max >= 0 && length > max) {
      throw new TusRefusal(
          Kind.TOO_LARGE,
          "too-large",
          "The upload is larger than the largest file allowed (" + max + " bytes).");
    }
    OptionalLong quota = ledger.quota(user);
    if (quota.isPresent() && ledger.used(user) + length > quota.getAsLong()) {
      throw new TusRefusal(Kind.NO_ROOM, "quota-exceeded", "The upload would exceed your quota.");
    }
    if (uploads.countByOwner(user) >= properties.maxUploadsPerUser()) {
      throw new TusRefusal(
          Kind.TOO_MANY,
          "too-many-uploads",
          "You have "
              + properties.maxUploadsPerUser()
              + " unfinished uploads; finish or delete some first.");
    }
    checkTarget(user, path, overwrite);
    OffsetDateTime now = now();
    TusUpload upload =
        new TusUpload(
            newId(),
            user,
            path,
            overwrite,
            length,
            0,
            metadataHeader == null || metadataHeader.isBlank() ? null : metadataHeader.trim(),
            false,
            null,
            null,
            now,
            now.plus(properties.expiration()));
    uploads.insert(upload);
    try {
      storage.partials().create(user, upload.id());
    } catch (IOException | RuntimeException e) {
      uploads.delete(upload.id());
      throw e;
    }
    if (length == 0) {
      return complete(upload);
    }
    return upload;
  }

  /** The caller's upload as it stands, after bringing the record in line with the data. */
  TusUpload status(String user, String id) throws IOException {
    return reconcile(owned(user, id));
  }

  /**
   * Appends one {@code PATCH} body at {@code offset} and commits the file when it completes the
   * upload.
   *
   * @throws ChecksumMismatch when the body does not match {@code checksum}; it was discarded
   */
  TusUpload patch(
      String user,
      String id,
      long offset,
      @Nullable UploadChecksum checksum,
      InputStream body,
      long contentLength)
      throws IOException {
    TusUpload upload = status(user, id);
    if (upload.complete()) {
      if (offset == upload.length() && contentLength <= 0) {
        return upload;
      }
      throw conflict(upload);
    }
    if (offset != upload.offset()) {
      throw conflict(upload);
    }
    // Subtracted, not added: offset + a Content-Length near Long.MAX_VALUE would overflow.
    if (contentLength > upload.length() - offset) {
      throw new TusRefusal(
          Kind.TOO_LARGE,
          "exceeds-upload-length",
          "The chunk would take the upload past its Upload-Length of "
              + upload.length()
              + " bytes.");
    }
    if (!disk.hasRoom()) {
      throw removedForLackOfRoom(upload, "storage-full");
    }
    MessageDigest digest = checksum == null ? null : checksum.newDigest();
    OffsetDateTime expires = now().plus(properties.expiration());
    MessageDigest whole = digests.resume(id, offset);
    ChunkStream chunk =
        new ChunkStream(
            body,
            digest,
            whole,
            hashers,
            new ChunkStream.Edges() {
              @Override
              public void started() {
                uploads.setChecksumPending(id, checksum != null);
              }

              @Override
              public void ended(long bytes, byte @Nullable [] actual) {
                if (checksum != null && !checksum.matches(actual)) {
                  throw new ChecksumMismatch();
                }
                if (!uploads.advance(id, offset + bytes, expires)) {
                  throw TusRefusal.notFound();
                }
              }
            });
    Transfer transfer = transfers.start(user, "tus-patch", upload.path());
    // any failure below may keep fewer bytes than the digest saw: the commit then reads them
    digests.forget(id);
    try {
      storage.partials().append(user, id, offset, chunk, upload.length(), space(user));
    } catch (ChecksumMismatch e) {
      settleAfterFailure(upload, offset, true);
      transfer.finish(chunk.count(), Outcome.REFUSED);
      throw e;
    } catch (TusRefusal e) {
      // Terminated or its owner deleted while the body streamed in.
      storage.partials().delete(user, id, space(user));
      transfer.finish(chunk.count(), Outcome.REFUSED);
      throw e;
    } catch (StorageException e) {
      transfer.finish(chunk.count(), Outcome.REFUSED);
      if (e.reason() == Reason.NO_SPACE || e.reason() == Reason.QUOTA_EXCEEDED) {
        throw removedForLackOfRoom(upload, e.code());
      }
      settleAfterFailure(upload, offset, checksum != null);
      if (e.reason() == Reason.PRECONDITION_FAILED) {
        throw new TusRefusal(Kind.CONFLICT, "offset-conflict", e.getMessage());
      }
      throw TusRefusal.from(e);
    } catch (IOException | RuntimeException e) {
      if (NoSpace.causedBy(e)) {
        transfer.finish(chunk.count(), Outcome.REFUSED);
        throw removedForLackOfRoom(upload, "storage-full");
      }
      settleAfterFailure(upload, offset, checksum != null);
      if (chunk.failed()) {
        transfer.finish(chunk.count(), Outcome.ABORTED);
        throw new TusRefusal(
            Kind.INVALID,
            "upload-incomplete",
            "The chunk broke off; "
                + (checksum == null ? "what arrived was kept" : "it was discarded")
                + ". Resume from the offset HEAD reports.");
      }
      transfer.finish(chunk.count(), Outcome.FAILED);
      throw e;
    } finally {
      chunk.release();
    }
    transfer.finish(chunk.count(), Outcome.OK);
    if (whole != null) {
      digests.advanced(id, offset + chunk.count(), whole);
    }
    TusUpload advanced = upload.with(offset + chunk.count(), expires);
    return advanced.complete() ? complete(advanced) : advanced;
  }

  /** Termination: the upload and its data go, and its bytes go back to the quota. */
  void terminate(String user, String id) throws IOException {
    TusUpload upload = owned(user, id);
    if (upload.committedAt() == null) {
      if (upload.committingSince() != null && !stale(upload)) {
        throw new TusRefusal(
            Kind.CONFLICT, "upload-complete", "The upload is complete and being stored.");
      }
      try {
        storage.partials().truncate(user, id, 0, space(user));
      } catch (StorageException e) {
        if (e.reason() == Reason.PRECONDITION_FAILED) {
          throw new TusRefusal(
              Kind.LOCKED,
              "upload-busy",
              "A PATCH is writing to this upload; try again when it has ended.");
        }
        if (e.reason() != Reason.NOT_FOUND) {
          throw TusRefusal.from(e);
        }
      }
    }
    discard(upload);
  }

  @Scheduled(
      fixedDelayString = "${coffer.tus.sweep-interval:10m}",
      initialDelayString = "${coffer.tus.sweep-interval:10m}")
  void sweep() {
    int removed = sweepExpired();
    if (removed > 0) {
      log.info("Removed {} expired tus uploads", removed);
    }
  }

  /** Removes expired uploads that no request is writing to; returns how many. */
  int sweepExpired() {
    OffsetDateTime now = now();
    int removed = 0;
    for (TusUpload upload : uploads.findExpired(now, now.minus(COMMIT_STALE), 1000)) {
      try {
        if (upload.committedAt() == null) {
          storage.partials().truncate(upload.owner(), upload.id(), 0, space(upload.owner()));
        }
        discard(upload);
        removed++;
      } catch (StorageException e) {
        if (e.reason() == Reason.NOT_FOUND) {
          uploads.delete(upload.id());
          removed++;
        }
        // PRECONDITION_FAILED: a PATCH is still streaming into it; its end extends the expiry.
      } catch (IOException | RuntimeException e) {
        log.warn("Could not remove expired tus upload {}: {}", upload.id(), e.toString());
      }
    }
    return removed;
  }

  /** A deleted account's uploads are unfinished files: they go whether or not it was purged. */
  @EventListener
  void onUserDeleted(UserDeletedEvent event) throws IOException {
    for (TusUpload upload : uploads.findByOwner(event.username())) {
      uploads.delete(upload.id());
      storage.partials().delete(event.username(), upload.id(), SpaceReservation.unlimited());
    }
  }

  // ---- internals ----------------------------------------------------------------------------

  private TusUpload owned(String user, String id) {
    TusUpload upload = uploads.find(id).orElseThrow(TusRefusal::notFound);
    if (!upload.owner().equals(user)) {
      throw TusRefusal.notFound();
    }
    return upload;
  }

  /**
   * Brings the recorded offset in line with the partial data after a request or a process died
   * mid-{@code PATCH}, and finishes a commit whose request died. Never cuts data a live {@code
   * PATCH} is writing: truncation needs the partial's lock.
   */
  private TusUpload reconcile(TusUpload upload) throws IOException {
    if (upload.committedAt() != null) {
      return upload;
    }
    if (upload.expiresAt().isBefore(now())) {
      throw new TusRefusal(
          Kind.GONE, "upload-expired", "This upload has expired; start a new one.");
    }
    if (upload.committingSince() != null) {
      return stale(upload) ? complete(upload) : upload;
    }
    long stored;
    try {
      stored = storage.partials().length(upload.owner(), upload.id());
    } catch (StorageException e) {
      if (e.reason() == Reason.NOT_FOUND) {
        uploads.delete(upload.id());
        throw TusRefusal.notFound();
      }
      throw e;
    }
    if (stored > upload.offset()) {
      if (upload.checksumPending()) {
        truncateQuietly(upload, upload.offset());
      } else {
        uploads.advance(upload.id(), stored, upload.expiresAt());
        upload = upload.with(stored, upload.expiresAt());
      }
    } else if (stored < upload.offset()) {
      uploads.resetOffset(upload.id(), stored);
      upload = upload.with(stored, upload.expiresAt());
    }
    return upload.complete() ? complete(upload) : upload;
  }

  /**
   * Moves the complete upload to its path, unless another request already took that on. A refusal
   * at the finish line (a folder or, with {@code If-None-Match: *}, a file appeared there; the
   * quota shrank) discards the upload: it can never land.
   */
  private TusUpload complete(TusUpload upload) throws IOException {
    OffsetDateTime now = now();
    if (!uploads.claimCommit(upload.id(), now, now.minus(COMMIT_STALE))) {
      return upload;
    }
    Transfer transfer =
        transfers.started(
            upload.owner(),
            "tus-upload",
            upload.path(),
            Duration.between(upload.createdAt(), now).abs());
    WriteOptions options =
        new WriteOptions(
            upload.overwrite(), null, null, upload.length(), maxSize(), space(upload.owner()));
    try {
      storage
          .partials()
          .commit(
              upload.owner(),
              upload.id(),
              upload.path(),
              options,
              digests.finished(upload.id(), upload.length()));
    } catch (StorageException e) {
      transfer.finish(upload.length(), Outcome.REFUSED);
      discard(upload);
      throw refusedAtCommit(upload, e);
    } catch (IOException | RuntimeException e) {
      transfer.finish(upload.length(), Outcome.FAILED);
      uploads.releaseCommit(upload.id());
      throw e;
    }
    uploads.markCommitted(upload.id(), now);
    transfer.finish(upload.length(), Outcome.OK);
    return upload.with(upload.length(), upload.expiresAt());
  }

  private static TusRefusal refusedAtCommit(TusUpload upload, StorageException e) {
    if (e.reason() == Reason.ALREADY_EXISTS && !upload.overwrite()) {
      return new TusRefusal(
          Kind.PRECONDITION_FAILED,
          "precondition-failed",
          "If-None-Match: * no longer holds: a file appeared at this path. The upload was"
              + " discarded.");
    }
    return new TusRefusal(e.kind(), e.code(), e.getMessage() + " The upload was discarded.");
  }

  /** After a failed {@code PATCH}: keep what arrived, unless it was meant to be verified. */
  private void settleAfterFailure(TusUpload upload, long offset, boolean checksummed) {
    try {
      if (checksummed) {
        truncateQuietly(upload, offset);
      } else {
        uploads.advance(
            upload.id(),
            storage.partials().length(upload.owner(), upload.id()),
            now().plus(properties.expiration()));
      }
    } catch (IOException | RuntimeException e) {
      // The next HEAD or PATCH reconciles again.
      log.debug(
          "Could not settle tus upload {} after a failed PATCH: {}", upload.id(), e.toString());
    }
  }

  /**
   * Removes an upload that found no room: the data first, so its space returns even if the
   * database, on a full disk, cannot record the removal (then the next request finds no data and
   * forgets the upload).
   */
  private TusRefusal removedForLackOfRoom(TusUpload upload, String code) {
    try {
      storage.partials().delete(upload.owner(), upload.id(), space(upload.owner()));
    } catch (IOException | RuntimeException e) {
      log.warn("Could not remove the data of tus upload {}: {}", upload.id(), e.toString());
    }
    try {
      uploads.delete(upload.id());
    } catch (RuntimeException e) {
      log.warn("Could not remove tus upload {}: {}", upload.id(), e.toString());
    }
    return new TusRefusal(
        Kind.NO_ROOM,
        code,
        "quota-exceeded".equals(code)
            ? "The upload would exceed your quota; it was removed. Free some space and start it"
                + " again."
            : "The server's disk is full; the upload was removed. Start it again when space has"
                + " been freed.");
  }

  /** Cuts the partial data back to {@code length}, unless a live PATCH holds it. */
  private void truncateQuietly(TusUpload upload, long length) throws IOException {
    try {
      storage.partials().truncate(upload.owner(), upload.id(), length, space(upload.owner()));
    } catch (StorageException e) {
      if (e.reason() != Reason.PRECONDITION_FAILED && e.reason() != Reason.NOT_FOUND) {
        throw e;
      }
    }
  }

  private void discard(TusUpload upload) throws IOException {
    uploads.delete(upload.id());
    storage.partials().delete(upload.owner(), upload.id(), space(upload.owner()));
  }

  /** {@code path} from the metadata, else {@code filename} in the home's root. */
  private static StoragePath target(UploadMetadata metadata) {
    String path = metadata.get("path");
    String filename = metadata.get("filename");
    StoragePath target;
    try {
      if (path != null) {
        target = StoragePath.parse(path);
      } else if (filename != null) {
        target = StoragePath.ROOT.child(filename);
      } else {
        throw TusRefusal.badRequest(
            "missing-path",
            "Upload-Metadata needs 'path' (where in your home the file goes) or 'filename'.");
      }
    } catch (StorageException e) {
      throw TusRefusal.from(e);
    }
    if (target.isRoot()) {
      throw TusRefusal.badRequest("invalid-path", "The path must name a file, not your home.");
    }
    return target;
  }

  private void checkTarget(String user, StoragePath path, boolean overwrite) throws IOException {
    FileInfo existing;
    try {
      existing = storage.stat(user, path);
    } catch (StorageException e) {
      if (e.reason() == Reason.NOT_FOUND) {
        return;
      }
      throw TusRefusal.from(e);
    }
    if (existing.folder()) {
      throw new TusRefusal(Kind.CONFLICT, "is-a-folder", "A folder stands at this path.");
    }
    if (!overwrite) {
      throw new TusRefusal(
          Kind.PRECONDITION_FAILED,
          "precondition-failed",
          "If-None-Match: * does not hold: a file already exists at this path.");
    }
  }

  private static TusRefusal conflict(TusUpload upload) {
    return new TusRefusal(
        Kind.CONFLICT,
        "offset-conflict",
        "Upload-Offset does not match: the upload holds "
            + upload.offset()
            + " bytes; resume from there (HEAD tells).");
  }

  private boolean stale(TusUpload upload) {
    OffsetDateTime since = upload.committingSince();
    return since != null && since.isBefore(now().minus(COMMIT_STALE));
  }

  private SpaceReservation space(String user) {
    return LedgerSpace.of(ledger, disk, user);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock)
        .withOffsetSameInstant(ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.MICROS);
  }

  private static String newId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
