package dev.coffer.files.tus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The SHA-256 of each unfinished upload, carried forward as its {@code PATCH}es arrive, so the
 * commit after the last byte need not read the whole upload again. Kept in this node's memory (a
 * digest's running state is about a hundred bytes): when a {@code PATCH} went to another node, a
 * restart came between, or a chunk failed, the state no longer matches the offset and the commit
 * falls back to reading the upload once. Bounded in entries and idle time.
 */
final class RunningDigests {

  private record State(long offset, MessageDigest digest) {}

  private final Cache<String, State> states;

  RunningDigests(Duration idle, long maxUploads) {
    this.states = Caffeine.newBuilder().expireAfterAccess(idle).maximumSize(maxUploads).build();
  }

  /**
   * A digest to feed this {@code PATCH}'s bytes into: a copy of the running state when it is at
   * {@code offset}, a fresh one at offset 0, or null when the bytes before it are not known here.
   */
  @Nullable MessageDigest resume(String id, long offset) {
    if (offset == 0) {
      return sha256();
    }
    State state = states.getIfPresent(id);
    if (state == null || state.offset() != offset) {
      return null;
    }
    try {
      return (MessageDigest) state.digest().clone();
    } catch (CloneNotSupportedException e) {
      return null;
    }
  }

  /** The {@code PATCH} stored exactly the bytes fed to {@code digest}, up to {@code offset}. */
  void advanced(String id, long offset, MessageDigest digest) {
    states.put(id, new State(offset, digest));
  }

  /** A chunk failed or was cut back: what this node knows no longer matches the upload. */
  void forget(String id) {
    states.invalidate(id);
  }

  /** The hex SHA-256 of the whole upload when every byte up to {@code length} went through here. */
  @Nullable String finished(String id, long length) {
    State state = states.getIfPresent(id);
    states.invalidate(id);
    return state == null || state.offset() != length
        ? null
        : HexFormat.of().formatHex(state.digest().digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
