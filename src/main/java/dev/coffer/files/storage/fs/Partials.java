package dev.coffer.files.storage.fs;

import static dev.coffer.files.storage.fs.Refusals.meaningOf;
import static dev.coffer.files.storage.fs.Refusals.noSpaceOr;
import static dev.coffer.files.storage.fs.Refusals.noSuchUpload;
import static dev.coffer.files.storage.fs.Refusals.tooLarge;
import static dev.coffer.files.storage.fs.Refusals.unsafe;

import dev.coffer.files.quota.SpaceReserver;
import dev.coffer.files.storage.PartialUploads;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@link PartialUploads} on a local folder: {@code partials/<owner>/<id>}, outside every home, so
 * no {@link StoragePath} reaches them and no listing shows them. Appends are flushed before they
 * return (the length a client resumes from is what survives a crash) and hold a file lock, so a
 * truncate or a second append cannot cut a chunk from under its writer. A finished upload is
 * committed to its path like any other write.
 */
final class Partials implements PartialUploads {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Dir partials;
  private final Folders folders;
  private final Homes homes;
  private final Committer committer;

  Partials(Dir partials, Folders folders, Homes homes, Committer committer) {
    this.partials = partials;
    this.folders = folders;
    this.homes = homes;
    this.committer = committer;
  }

  @Override
  public void create(String owner, String id) throws IOException {
    try (Dir dir = Objects.requireNonNull(of(owner, true))) {
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
  public long append(
      String owner,
      String id,
      long offset,
      InputStream content,
      long maxBytes,
      SpaceReservation space)
      throws IOException {
    SpaceReserver reserver = new SpaceReserver(space);
    long written = 0;
    try (Dir dir = existing(owner);
        FileChannel channel = dir.openFile(checkId(id), StandardOpenOption.WRITE);
        FileLock held = lock(channel)) {
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

  private static FileLock lock(FileChannel channel) throws IOException {
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
  public long length(String owner, String id) throws IOException {
    try (Dir dir = existing(owner)) {
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
  public void truncate(String owner, String id, long length, SpaceReservation space)
      throws IOException {
    try (Dir dir = existing(owner);
        FileChannel channel = dir.openFile(checkId(id), StandardOpenOption.WRITE);
        FileLock held = lock(channel)) {
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
  public void delete(String owner, String id, SpaceReservation space) throws IOException {
    try (Dir dir = of(owner, false)) {
      BasicFileAttributes a = dir == null ? null : dir.statOrNull(checkId(id));
      if (dir == null || a == null) {
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
  public Written commit(
      String owner, String id, StoragePath path, WriteOptions options, @Nullable String sha256)
      throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.IS_A_FOLDER, "The home folder is not a file.");
    }
    try (Dir dir = existing(owner)) {
      try (Dir parent = homes.folder(owner, path.parent(), false)) {
        // Only the walk's refusals (a link, a file on the way) matter here; commit checks the rest.
      } catch (IOException e) {
        throw meaningOf(e, path);
      }
      long size = length(owner, id);
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
        Committer.checkDigest(options.expectedSha256(), sha);
        Digests.write(dir.path().resolve(id), sha);
        in.force(true); // appends were flushed; this covers the digest, before the rename
      }
      return committer.commit(owner, path, dir, id, options);
    } catch (NoSuchFileException e) {
      throw noSuchUpload();
    }
  }

  /** The owner's partials folder; {@code NOT_FOUND} (no such upload) when there is none. */
  private Dir existing(String owner) throws IOException {
    Dir dir = of(owner, false);
    if (dir == null) {
      throw noSuchUpload();
    }
    return dir;
  }

  /** The owner's partials folder, opened; null when there is none and {@code create} is false. */
  @Nullable Dir of(String owner, boolean create) throws IOException {
    return folders.step(partials, Homes.checkOwner(owner), create, "partials/" + owner, null);
  }

  private static String checkId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new StorageException(Reason.INVALID_OPERATION, "Not a valid upload id.");
    }
    return id;
  }
}
