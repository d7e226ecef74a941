package dev.coffer.files;

import dev.coffer.Refusal;
import dev.coffer.UpstreamFailure;
import dev.coffer.account.UsageLedger;
import dev.coffer.account.UserDeletedEvent;
import dev.coffer.disk.DiskGuard;
import dev.coffer.files.TransferLog.Outcome;
import dev.coffer.files.TransferLog.Transfer;
import dev.coffer.files.quota.LedgerSpace;
import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.TreeVisitor;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import dev.coffer.files.storage.fs.Sendfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The rules of the files feature over {@link Storage}: quotas from the account ledger and transfer
 * logging. Refusals, storage's and its own, go up as {@link dev.coffer.Refusal}s for the web layer
 * to answer.
 */
@Service
class FileService {

  /** Below this, copying is cheaper than setting up sendfile (Tomcat's DefaultServlet agrees). */
  static final long SENDFILE_THRESHOLD = 48 * 1024;

  /** Where an archive's central directory waits for the end of the walk. */
  private static final Path SPILL_FOLDER = Path.of(System.getProperty("java.io.tmpdir"));

  private final Storage storage;
  private final UsageLedger ledger;
  private final DiskGuard disk;
  private final TransferLog transfers;
  private final FilesProperties properties;

  FileService(
      Storage storage,
      UsageLedger ledger,
      DiskGuard disk,
      TransferLog transfers,
      FilesProperties properties) {
    this.storage = storage;
    this.ledger = ledger;
    this.disk = disk;
    this.transfers = transfers;
    this.properties = properties;
  }

  /**
   * What an upload asks for.
   *
   * @param overwrite false for {@code If-None-Match: *}
   * @param ifMatch the etag from {@code If-Match}, or null
   * @param sha256 the client's digest in hex, or null
   * @param length {@code Content-Length}, or -1
   */
  record Upload(
      boolean overwrite, @Nullable String ifMatch, @Nullable String sha256, long length) {}

  Written upload(String user, StoragePath path, InputStream body, Upload upload)
      throws IOException {
    Transfer transfer = transfers.start(user, "upload", path);
    CountingInputStream counted = new CountingInputStream(body);
    WriteOptions options =
        new WriteOptions(
            upload.overwrite(),
            upload.ifMatch(),
            upload.sha256(),
            upload.length(),
            properties.maxFileSizeBytes(),
            space(user));
    try {
      Written written = storage.write(user, path, counted, options);
      transfer.finish(counted.count(), Outcome.OK);
      return written;
    } catch (StorageException e) {
      transfer.finish(counted.count(), Outcome.REFUSED);
      if (e.reason() == StorageException.Reason.ALREADY_EXISTS && !upload.overwrite()) {
        throw new FileRefusal(
            Refusal.Kind.PRECONDITION_FAILED,
            "precondition-failed",
            "If-None-Match: * does not hold: a file already exists at this path.");
      }
      throw e;
    } catch (IOException | RuntimeException e) {
      // the object store failing is not the client breaking off: ProblemAdvice answers 502/503
      boolean cutOff =
          UpstreamFailure.in(e) == null
              && (counted.failed() || (upload.length() >= 0 && counted.count() < upload.length()));
      transfer.finish(counted.count(), cutOff ? Outcome.ABORTED : Outcome.FAILED);
      if (cutOff) {
        throw FileRefusal.invalid(
            "upload-incomplete",
            "The upload ended before all its bytes arrived; nothing was stored.");
      }
      throw e;
    }
  }

  FileInfo stat(String user, StoragePath path) throws IOException {
    return storage.stat(user, path);
  }

  /** Opens a file for download; a folder is a bad request here (use the archive). */
  OpenFile open(String user, StoragePath path) throws IOException {
    try {
      return storage.open(user, path);
    } catch (StorageException e) {
      if (e.reason() == StorageException.Reason.IS_A_FOLDER) {
        // Not a conflict here: the request asks for the wrong thing.
        throw FileRefusal.invalid(
            "is-a-folder",
            "This is a folder: list it under /api/v1/dirs or zip it under /api/v1/archive.");
      }
      throw e;
    }
  }

  /**
   * Sends a range of an open file, logging the transfer. A client that goes away is logged as
   * aborted and otherwise ignored: there is nobody left to answer.
   */
  void send(String user, OpenFile file, ByteRange range, WritableByteChannel out)
      throws IOException {
    Transfer transfer = transfers.start(user, "download", file.info().path());
    long sent = 0;
    try {
      sent = file.transferTo(range, out);
      transfer.finish(sent, Outcome.OK);
    } catch (ClientGoneException e) {
      transfer.finish(sent, Outcome.ABORTED);
    } catch (IOException | RuntimeException e) {
      transfer.finish(sent, Outcome.FAILED);
      throw e;
    }
  }

  /**
   * Logs a download that the container will send with sendfile, if it can: Tomcat offers it for a
   * large range of a file the backend offers it for ({@link Sendfile}: local files). Returns false,
   * changing nothing, when the bytes must be sent by {@link #send} instead.
   */
  boolean handOff(String user, OpenFile file, ByteRange range, SendfileSupport container) {
    if (!properties.sendfile()
        || range.length() < SENDFILE_THRESHOLD
        || !(file instanceof Sendfile local)
        || !local.sendfile(range, container::sendfile)) {
      return false;
    }
    transfers.start(user, "download", file.info().path()).finish(range.length(), Outcome.SENDFILE);
    return true;
  }

  /** A container that may send a file region itself. */
  interface SendfileSupport {
    /** Arranges for the container to send the region; false when it cannot. */
    boolean sendfile(String fileName, long start, long end);
  }

  /**
   * Streams a folder as a zip in one walk of its tree: each file is opened once and its bytes go
   * straight into the zip, so the time is linear in entries and bytes. The memory is constant: the
   * zip's central directory (a few dozen bytes per entry, which the format puts at the end) is
   * spilled to a temporary file under {@code java.io.tmpdir} as the walk goes, copied out at the
   * end and deleted (see {@link ZipStream}).
   */
  void archive(String user, StoragePath folder, OutputStream out) throws IOException {
    Transfer transfer = transfers.start(user, "archive", folder);
    CountingOutputStream counted = new CountingOutputStream(out);
    try (ZipStream zip = new ZipStream(counted, SPILL_FOLDER)) {
      storage.walk(user, folder, new ZipWriter(zip, folder));
      zip.finish();
      transfer.finish(counted.count(), Outcome.OK);
    } catch (ZipStream.SpillFailure e) {
      transfer.finish(counted.count(), Outcome.FAILED);
      throw e;
    } catch (StorageException e) {
      transfer.finish(counted.count(), Outcome.REFUSED);
      throw e;
    } catch (IOException e) {
      transfer.finish(counted.count(), Outcome.ABORTED);
      throw new ClientGoneException(e);
    }
  }

  /** Adds what a walk meets to a zip, named relative to the folder zipped. */
  private record ZipWriter(ZipStream zip, StoragePath folder) implements TreeVisitor {

    @Override
    public void folder(FileInfo entry) throws IOException {
      zip.folder(entry.path().relativeTo(folder).toString(), entry.modified());
    }

    @Override
    public void file(FileInfo entry, Content content) throws IOException {
      InputStream in;
      try {
        in = content.open();
      } catch (StorageException e) {
        return; // removed or replaced while zipping: left out
      }
      try (in) {
        zip.file(entry.path().relativeTo(folder).toString(), entry.modified(), entry.size(), in);
      }
    }
  }

  /** Checks that a folder exists before its zip starts, so errors can still be problem+json. */
  FileInfo folder(String user, StoragePath path) throws IOException {
    FileInfo info = stat(user, path);
    if (!info.folder()) {
      throw FileRefusal.invalid("not-a-folder", "This is a file; download it under /api/v1/files.");
    }
    return info;
  }

  Listing list(String user, StoragePath path, ListOptions options) throws IOException {
    return storage.list(user, path, options);
  }

  /** Creates a folder and its parents; true when it was new. */
  boolean mkdirs(String user, StoragePath path) throws IOException {
    return storage.mkdirs(user, path);
  }

  void deleteFile(String user, StoragePath path) throws IOException {
    if (stat(user, path).folder()) {
      throw new FileRefusal(
          Refusal.Kind.CONFLICT, "is-a-folder", "This is a folder: delete it under /api/v1/dirs.");
    }
    delete(user, path, false);
  }

  void deleteFolder(String user, StoragePath path, boolean recursive) throws IOException {
    if (path.isRoot()) {
      throw FileRefusal.invalid("home-folder", "The home folder cannot be deleted.");
    }
    if (!stat(user, path).folder()) {
      throw new FileRefusal(
          Refusal.Kind.CONFLICT, "not-a-folder", "This is a file: delete it under /api/v1/files.");
    }
    delete(user, path, recursive);
  }

  private void delete(String user, StoragePath path, boolean recursive) throws IOException {
    ledger.release(user, storage.delete(user, path, recursive));
  }

  FileInfo move(String user, StoragePath from, StoragePath to, boolean overwrite)
      throws IOException {
    return storage.move(user, from, to, overwrite, space(user));
  }

  FileInfo copy(String user, StoragePath from, StoragePath to, boolean overwrite)
      throws IOException {
    return storage.copy(user, from, to, overwrite, space(user));
  }

  /** Removes a deleted account's files when the admin asked for a purge. */
  @EventListener
  void onUserDeleted(UserDeletedEvent event) throws IOException {
    if (event.purge()) {
      storage.deleteOwner(event.username());
    }
  }

  private SpaceReservation space(String user) {
    return LedgerSpace.of(ledger, disk, user);
  }

  /** Counts the bytes of a zip as they leave. */
  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    long count() {
      return count;
    }
  }
}
