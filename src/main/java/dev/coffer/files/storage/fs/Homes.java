package dev.coffer.files.storage.fs;

import static dev.coffer.files.storage.fs.Refusals.notFound;
import static dev.coffer.files.storage.fs.Refusals.unsafe;

import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StoragePath;
import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Home resolution and confinement: each owner's tree is {@code homes/<owner>}, and a {@link
 * StoragePath} in it is opened by walking from the opened {@code homes/} folder one segment at a
 * time, following no link. A folder swapped for a link while a request runs cannot redirect it,
 * because each step is taken relative to the folder already opened, not by name from the top.
 */
final class Homes {

  private static final Pattern OWNER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final Dir homes;
  private final Folders folders;

  Homes(Dir homes, Folders folders) {
    this.homes = homes;
    this.folders = folders;
  }

  /** The owner name, checked: it becomes a folder name, so it must be a safe one. */
  static String checkOwner(String owner) {
    if (owner == null || !OWNER.matcher(owner).matches()) {
      throw new IllegalArgumentException("not a valid owner name");
    }
    return owner;
  }

  /** The owner's home, opened; null when it does not exist and {@code create} is false. */
  @Nullable Dir home(String owner, boolean create) throws IOException {
    return folders.step(homes, checkOwner(owner), create, owner + "/", null);
  }

  @Nullable Dir folder(String owner, StoragePath path, boolean create) throws IOException {
    return folder(owner, path, create, null);
  }

  /**
   * Opens the folder at {@code path} in {@code owner}'s home by walking from the opened home, one
   * segment at a time, following no link. With {@code create}, missing folders are made (and {@code
   * created[0]} tells whether the last one was); otherwise a missing one gives null.
   *
   * @throws StorageException {@code UNSAFE_PATH} for a link or special file on the way, {@code
   *     NOT_A_FOLDER} for a file
   */
  @Nullable Dir folder(String owner, StoragePath path, boolean create, boolean @Nullable [] created)
      throws IOException {
    Dir dir = folders.step(homes, checkOwner(owner), create, owner + "/", created);
    StringBuilder at = new StringBuilder(owner).append('/');
    try {
      for (String segment : path.segments()) {
        if (dir == null) {
          return null;
        }
        at.append(segment).append('/');
        Dir next = folders.step(dir, segment, create, at.toString(), created);
        dir.close();
        dir = next;
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      if (dir != null) {
        dir.close();
      }
      throw e;
    }
  }

  /** The attributes of an entry the caller needs, refusing what is absent, a link or special. */
  static BasicFileAttributes entry(StoragePath path, @Nullable BasicFileAttributes a) {
    if (a == null) {
      throw notFound(path);
    }
    if (a.isSymbolicLink() || a.isOther()) {
      throw unsafe();
    }
    return a;
  }
}
