package dev.coffer.files.storage.fs;

import static dev.coffer.files.storage.fs.Homes.entry;
import static dev.coffer.files.storage.fs.Refusals.exists;
import static dev.coffer.files.storage.fs.Refusals.meaningOf;
import static dev.coffer.files.storage.fs.Refusals.noSpaceOr;
import static dev.coffer.files.storage.fs.Refusals.notFound;
import static dev.coffer.files.storage.fs.Refusals.unsafe;

import dev.coffer.cluster.SharedLocks;
import dev.coffer.files.quota.SpaceReserver;
import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;

/**
 * Deleting, moving and copying what is already in a home. Each takes the lock of the path it
 * changes, renames relative to opened folders and flushes the folders it changed; a folder tree is
 * deleted by renaming it out of sight first, and copied into staging before it appears whole.
 */
final class Entries {

  private final Homes homes;
  private final Dir staging;
  private final SharedLocks pathLocks;
  private final FileInfos infos;
  private final Reader reader;
  private final Writer writer;

  Entries(
      Homes homes,
      Dir staging,
      SharedLocks pathLocks,
      FileInfos infos,
      Reader reader,
      Writer writer) {
    this.homes = homes;
    this.staging = staging;
    this.pathLocks = pathLocks;
    this.infos = infos;
    this.reader = reader;
    this.writer = writer;
  }

  long delete(String owner, StoragePath path, boolean recursive) throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.INVALID_OPERATION, "The home folder cannot be deleted.");
    }
    Lock lock = pathLocks.of(owner + "/" + path);
    lock.lock();
    try (Dir parent = homes.folder(owner, path.parent(), false)) {
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
      return Trees.delete(staging, doomed);
    } catch (IOException e) {
      throw meaningOf(e, path);
    } finally {
      lock.unlock();
    }
  }

  FileInfo move(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException {
    checkTransfer(from, to);
    if (from.equals(to)) {
      return reader.stat(owner, from);
    }
    Lock lock = pathLocks.of(owner + "/" + to);
    lock.lock();
    try (Dir sourceParent = homes.folder(owner, from.parent(), false)) {
      if (sourceParent == null) {
        throw notFound(from);
      }
      BasicFileAttributes a = entry(from, sourceParent.statOrNull(from.name()));
      try (Dir targetParent = Objects.requireNonNull(homes.folder(owner, to.parent(), true))) {
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
        return infos.of(to, targetParent.path().resolve(to.name()), now == null ? a : now);
      }
    } catch (IOException e) {
      throw meaningOf(e, from);
    } finally {
      lock.unlock();
    }
  }

  FileInfo copy(
      String owner, StoragePath from, StoragePath to, boolean overwrite, SpaceReservation space)
      throws IOException {
    checkTransfer(from, to);
    Dir source;
    BasicFileAttributes a;
    try (Dir sourceParent = homes.folder(owner, from.parent(), false)) {
      if (sourceParent == null) {
        throw notFound(from);
      }
      a = entry(from, sourceParent.statOrNull(from.name()));
      if (from.equals(to) || (a.isDirectory() && from.contains(to))) {
        throw new StorageException(Reason.INVALID_OPERATION, "Cannot copy a path onto itself.");
      }
      try (Dir targetParent = homes.folder(owner, to.parent(), false)) {
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
      try (OpenFile file = reader.open(owner, from);
          InputStream in = file.stream(ByteRange.all(file.info().size()))) {
        WriteOptions options =
            new WriteOptions(overwrite, null, file.info().sha256(), file.info().size(), -1, space);
        return writer.write(owner, to, in, options).info();
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
    SpaceReserver reserver = new SpaceReserver(space);
    String staged = UUID.randomUUID() + ".copy";
    boolean committed = false;
    try {
      reserver.need(Trees.size(source));
      long[] copied = {0};
      Trees.copy(source, staging.path().resolve(staged), copied, reserver);
      Lock lock = pathLocks.of(owner + "/" + to);
      lock.lock();
      try (Dir targetParent = Objects.requireNonNull(homes.folder(owner, to.parent(), true))) {
        checkTarget(to, targetParent.statOrNull(to.name()), a, overwrite);
        staging.rename(staged, targetParent, to.name());
        committed = true;
        targetParent.sync();
        reserver.settle(copied[0]);
        BasicFileAttributes now = targetParent.statOrNull(to.name());
        return infos.of(to, targetParent.path().resolve(to.name()), now == null ? a : now);
      } finally {
        lock.unlock();
      }
    } catch (IOException e) {
      throw meaningOf(noSpaceOr(e), from);
    } finally {
      if (!committed) {
        reserver.abort();
        Trees.deleteQuietly(staging, staged);
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
  private static @Nullable BasicFileAttributes checkTarget(
      StoragePath to,
      @Nullable BasicFileAttributes old,
      BasicFileAttributes source,
      boolean overwrite) {
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
}
