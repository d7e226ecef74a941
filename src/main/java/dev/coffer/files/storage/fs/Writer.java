package dev.coffer.files.storage.fs;

import static dev.coffer.files.storage.fs.Refusals.meaningOf;
import static dev.coffer.files.storage.fs.Refusals.noSpaceOr;
import static dev.coffer.files.storage.fs.Refusals.tooLarge;

import dev.coffer.files.quota.SpaceReserver;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import dev.coffer.files.storage.Written;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * New content for a path: streamed into staging while its SHA-256 is computed alongside, checked
 * against the options as it arrives (size, quota) and at its end (length, digest), flushed to
 * stable storage with its digest, and only then committed. A write that fails leaves nothing behind
 * and gives all its reserved space back.
 */
final class Writer {

  private final Homes homes;
  private final Dir staging;
  private final HashingCopier copier;
  private final Committer committer;

  Writer(Homes homes, Dir staging, HashingCopier copier, Committer committer) {
    this.homes = homes;
    this.staging = staging;
    this.copier = copier;
    this.committer = committer;
  }

  Written write(String owner, StoragePath path, InputStream content, WriteOptions options)
      throws IOException {
    if (path.isRoot()) {
      throw new StorageException(Reason.IS_A_FOLDER, "The home folder is not a file.");
    }
    try (Dir parent = homes.folder(owner, path.parent(), false)) {
      if (parent != null) {
        committer.check(parent, path, options); // refuse early, before reading the body
      }
    } catch (IOException e) {
      throw meaningOf(e, path);
    }
    if (options.expectedSize() >= 0
        && options.maxSize() >= 0
        && options.expectedSize() > options.maxSize()) {
      throw tooLarge(options.maxSize());
    }
    SpaceReserver reserver = new SpaceReserver(options.space());
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
        Committer.checkDigest(options.expectedSha256(), copied.sha256());
        Digests.write(staging.path().resolve(temp), copied.sha256());
        // Bytes and digest on stable storage before the rename can make them visible: otherwise a
        // power cut could leave the new name pointing at an empty file.
        out.force(true);
      }
      Written written = committer.commit(owner, path, staging, temp, options);
      committed = true;
      reserver.settle(copied.bytes());
      return written;
    } catch (IOException e) {
      throw noSpaceOr(e);
    } finally {
      if (!committed) {
        Trees.deleteQuietly(staging, temp);
        reserver.abort();
      }
    }
  }
}
