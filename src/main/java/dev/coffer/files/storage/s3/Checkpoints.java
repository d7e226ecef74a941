package dev.coffer.files.storage.s3;

import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StorageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The checkpoints of S3 partial uploads ({@link S3Partials} has the layout): one object {@code
 * <base>g<generation>-<length>} per checkpoint, its body the tail that does not yet fill a part,
 * its metadata the rest of the {@link State}. Generations are zero-padded, so a listing returns
 * them oldest first and the last is the latest; a checkpoint's length is in its key, so usage needs
 * no {@code HEAD}.
 */
final class Checkpoints {

  private static final String UPLOAD = "coffer-upload";
  private static final String PARTS = "coffer-parts";
  private static final String PARTS_BYTES = "coffer-parts-bytes";
  private static final String DIGEST = "coffer-sha256-state";
  static final String NONE = "-";
  static final String DONE = "done";

  /**
   * One checkpoint: the upload's length, its multipart upload ({@link #NONE} before the first full
   * part, {@link #DONE} once finished), the parts and bytes in it, and the SHA-256 state after
   * them.
   */
  record State(
      long generation, long length, String upload, int parts, long partsBytes, byte[] digest) {

    long tail() {
      return length - partsBytes;
    }

    Map<String, String> metadata() {
      return Map.of(
          UPLOAD,
          upload,
          PARTS,
          Integer.toString(parts),
          PARTS_BYTES,
          Long.toString(partsBytes),
          DIGEST,
          Base64.getEncoder().encodeToString(digest));
    }
  }

  private final Bucket bucket;

  Checkpoints(Bucket bucket) {
    this.bucket = bucket;
  }

  /** The upload's checkpoints, oldest first. */
  List<S3Object> list(String base) throws IOException {
    List<S3Object> all = new ArrayList<>();
    bucket.forEach(base + "g", all::add);
    return all;
  }

  /** The latest checkpoint; {@code NOT_FOUND} when the upload has none. */
  State latest(String base) throws IOException {
    List<S3Object> all = list(base);
    if (all.isEmpty()) {
      throw new StorageException(Reason.NOT_FOUND, "No such upload.");
    }
    return state(base, all.get(all.size() - 1));
  }

  State state(String base, S3Object checkpoint) throws IOException {
    HeadObjectResponse head = bucket.head(checkpoint.key());
    if (head == null) {
      throw new StorageException(Reason.NOT_FOUND, "No such upload.");
    }
    Map<String, String> m = head.metadata();
    return new State(
        generationOf(base, checkpoint.key()),
        lengthOf(checkpoint),
        m.getOrDefault(UPLOAD, NONE),
        Integer.parseInt(m.get(PARTS)),
        Long.parseLong(m.get(PARTS_BYTES)),
        Base64.getDecoder().decode(m.get(DIGEST)));
  }

  /** Writes {@code state} as a new checkpoint, its body the buffered {@code tail}. */
  void save(String base, State state, byte[] tail) throws IOException {
    String key = String.format("%sg%019d-%d", base, state.generation(), state.length());
    bucket.put(key, tail, tail.length, state.metadata());
  }

  /** Keeps checkpoint {@code keep} and later ones; removes those before. */
  void forgetOlder(String base, long keep) throws IOException {
    List<String> older = new ArrayList<>();
    for (S3Object o : list(base)) {
      if (generationOf(base, o.key()) < keep) {
        older.add(o.key());
      }
    }
    bucket.deleteAll(older);
  }

  /** Reads the start of the checkpoint's buffered tail into {@code into}; returns how much. */
  int readTail(String base, State state, byte[] into) throws IOException {
    int length = (int) Math.min(into.length, state.tail());
    if (length == 0) {
      return 0;
    }
    String key = String.format("%sg%019d-%d", base, state.generation(), state.length());
    try (InputStream in = bucket.get(key, "bytes=0-" + (length - 1), null)) {
      if (in == null || in.readNBytes(into, 0, length) != length) {
        throw new IOException("the buffered part of upload " + base + " is gone");
      }
    }
    return length;
  }

  private static long generationOf(String base, String key) {
    String name = key.substring(base.length() + 1);
    return Long.parseLong(name.substring(0, name.indexOf('-')));
  }

  /** A checkpoint's upload length, from its key alone. */
  static long lengthOf(S3Object checkpoint) {
    String key = checkpoint.key();
    return Long.parseLong(key.substring(key.lastIndexOf('-') + 1));
  }
}
