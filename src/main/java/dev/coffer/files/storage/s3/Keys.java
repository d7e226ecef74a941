package dev.coffer.files.storage.s3;

import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import dev.coffer.files.storage.StoragePath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where things live in the bucket:
 *
 * <pre>
 *   prefix/homes/&lt;owner&gt;/a/b.txt    a file, its SHA-256 in its metadata
 *   prefix/homes/&lt;owner&gt;/a/          a folder's marker (empty), so an empty folder exists
 *   prefix/partials/&lt;owner&gt;/&lt;id&gt;/    an unfinished upload: its multipart upload and buffered part
 *   prefix/sums/&lt;owner&gt;/a/b.txt     the SHA-256 of a file written before it was known ({@link DigestSidecars})
 * </pre>
 *
 * <p><b>Confinement.</b> Every key is the owner's home prefix followed by a {@link StoragePath}'s
 * segments, which can hold no slash, {@code .} or {@code ..}; S3 keys are plain strings with no
 * links, so nothing can lead outside. Owners and upload ids are checked against a strict pattern.
 */
final class Keys {

  private static final Pattern OWNER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern PARTIAL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** S3's longest key, in UTF-8 bytes. */
  private static final int MAX_KEY = 1024;

  private final String prefix;

  Keys(String prefix) {
    this.prefix = prefix;
  }

  String homes() {
    return prefix + "homes/";
  }

  String home(String owner) {
    return homes() + checkOwner(owner) + "/";
  }

  String file(String owner, StoragePath path) {
    String key = home(owner) + path;
    if (key.getBytes(StandardCharsets.UTF_8).length >= MAX_KEY) {
      throw new StorageException(
          Reason.INVALID_OPERATION, "The path is too long for the object store.");
    }
    return key;
  }

  /** A folder's key: its prefix, with the slash; the home for the root. */
  String folder(String owner, StoragePath path) {
    return path.isRoot() ? home(owner) : file(owner, path) + "/";
  }

  /** Where the digest of the file at {@code path} is kept when its metadata has none. */
  String sum(String owner, StoragePath path) {
    // shorter than the file's own key ("sums" against "homes"), so never over S3's limit
    return sums(owner) + path;
  }

  /** The digests of the files in a folder: a prefix, with its slash. */
  String sums(String owner, StoragePath folder) {
    return folder.isRoot() ? sums(owner) : sum(owner, folder) + "/";
  }

  String sums(String owner) {
    return prefix + "sums/" + checkOwner(owner) + "/";
  }

  String partials(String owner) {
    return prefix + "partials/" + checkOwner(owner) + "/";
  }

  String partial(String owner, String id) {
    return partials(owner) + checkId(id) + "/";
  }

  /**
   * The path of {@code key} below the folder key {@code base} (as {@link #folder}), or null when
   * the rest could never be a {@link StoragePath} (put in the bucket by other means).
   */
  static @Nullable StoragePath below(StoragePath at, String base, String key) {
    String rest = key.substring(base.length());
    if (rest.isEmpty()) {
      return at;
    }
    List<String> segments = new ArrayList<>(at.segments());
    segments.addAll(Arrays.asList(rest.split("/", -1)));
    try {
      StoragePath path = StoragePath.of(segments);
      return path.toString().equals(at.isRoot() ? rest : at + "/" + rest) ? path : null;
    } catch (StorageException e) {
      return null;
    }
  }

  static String checkOwner(String owner) {
    if (owner == null || !OWNER.matcher(owner).matches()) {
      throw new IllegalArgumentException("not a valid owner name");
    }
    return owner;
  }

  static String checkId(String id) {
    if (id == null || !PARTIAL_ID.matcher(id).matches()) {
      throw new StorageException(Reason.INVALID_OPERATION, "Not a valid upload id.");
    }
    return id;
  }
}
