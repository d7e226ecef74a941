package dev.coffer.files.storage.s3;

import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.SpaceReservation;
import dev.coffer.files.storage.Storage;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Copies every home of a file-system deployment, with the SHA-256 of each file, to another backend
 * (S3). Resumable: a file already at the target with the same digest is skipped, so a migration
 * that stopped is simply run again. Every copied file is checked against its digest on the way (the
 * write refuses content that does not match) and committed atomically, so an interrupted run leaves
 * whole files or none. Unfinished tus uploads are not copied: they finish on the old deployment or
 * start again.
 */
public final class FileSystemToS3 {

  private static final Pattern OWNER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final int PAGE = 1000;

  /** What a run did. */
  public record Result(long copied, long skipped, long folders, long bytes) {}

  private final Storage source;
  private final Storage target;
  private final Consumer<String> log;

  public FileSystemToS3(Storage source, Storage target, Consumer<String> log) {
    this.source = source;
    this.target = target;
    this.log = log;
  }

  /** Copies the homes found under {@code storageDir/homes}. */
  public Result run(Path storageDir) throws IOException {
    long[] counts = new long[4];
    for (String owner : owners(storageDir.resolve("homes"))) {
      long before = counts[0];
      copyHome(owner, counts);
      log.accept("home " + owner + ": " + (counts[0] - before) + " files copied");
    }
    return new Result(counts[0], counts[1], counts[2], counts[3]);
  }

  private static List<String> owners(Path homes) throws IOException {
    if (!Files.isDirectory(homes)) {
      throw new IOException(homes + " is not a Coffer storage folder (no homes/ in it)");
    }
    List<String> owners = new ArrayList<>();
    try (Stream<Path> entries = Files.list(homes)) {
      entries
          .filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .map(p -> p.getFileName().toString())
          .filter(name -> OWNER.matcher(name).matches())
          .sorted()
          .forEach(owners::add);
    }
    return owners;
  }

  private void copyHome(String owner, long[] counts) throws IOException {
    String cursor = null;
    do {
      Listing page =
          source.list(
              owner,
              StoragePath.ROOT,
              new ListOptions(ListOptions.Sort.NAME, false, PAGE, cursor, true));
      for (FileInfo entry : page.entries()) {
        if (entry.folder()) {
          target.mkdirs(owner, entry.path());
          counts[2]++;
        } else if (copyFile(owner, entry)) {
          counts[0]++;
          counts[3] += entry.size();
        } else {
          counts[1]++;
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
  }

  /** Copies one file unless the target has it with the same digest; true when copied. */
  private boolean copyFile(String owner, FileInfo listed) throws IOException {
    try (OpenFile file = source.open(owner, listed.path())) {
      FileInfo info = file.info();
      if (info.sha256() != null && info.sha256().equals(digestAtTarget(owner, info.path()))) {
        return false;
      }
      try (InputStream in = file.stream(ByteRange.all(info.size()))) {
        target.write(
            owner,
            info.path(),
            in,
            new WriteOptions(
                true, null, info.sha256(), info.size(), -1, SpaceReservation.unlimited()));
      }
      return true;
    } catch (StorageException e) {
      if (e.reason() == StorageException.Reason.NOT_FOUND) {
        return false; // deleted while migrating: the old deployment is still live
      }
      throw e;
    }
  }

  private @Nullable String digestAtTarget(String owner, StoragePath path) throws IOException {
    try {
      return target.stat(owner, path).sha256();
    } catch (StorageException e) {
      return null;
    }
  }
}
