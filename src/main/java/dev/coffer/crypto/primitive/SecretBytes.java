package dev.coffer.crypto.primitive;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key material that is hard to leak: it never prints itself, hands out copies only, and compares in
 * constant time. It deliberately does not override {@code equals}, so it cannot end up compared in
 * variable time by a collection.
 */
public final class SecretBytes {

  /**
   * Independent DRBG instances, one picked at random per call. A single shared SecureRandom is a
   * lock that every request of a busy server queues on (NativePRNG mixes through one global,
   * synchronized SHA1PRNG); stripes spread that out and work the same on virtual threads.
   */
  private static final SecureRandom[] RANDOMS = stripes(16);

  private final byte[] bytes;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  public static SecretBytes copyOf(byte[] bytes) {
    return new SecretBytes(bytes.clone());
  }

  public static SecretBytes random(int length) {
    byte[] bytes = new byte[length];
    fillRandom(bytes);
    return new SecretBytes(bytes);
  }

  /** Fills {@code out} from a cryptographically strong generator; for nonces, IVs and keys. */
  public static void fillRandom(byte[] out) {
    RANDOMS[ThreadLocalRandom.current().nextInt(RANDOMS.length)].nextBytes(out);
  }

  private static SecureRandom[] stripes(int count) {
    SecureRandom[] randoms = new SecureRandom[count];
    for (int i = 0; i < count; i++) {
      try {
        randoms[i] = SecureRandom.getInstance("DRBG");
      } catch (NoSuchAlgorithmException e) {
        randoms[i] = new SecureRandom();
      }
    }
    return randoms;
  }

  public int length() {
    return bytes.length;
  }

  /** A copy of the secret; the caller should clear it when done. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** A JCA key over {@code length} bytes from {@code offset}. */
  public SecretKeySpec toKeySpec(String algorithm, int offset, int length) {
    return new SecretKeySpec(bytes, offset, length, algorithm);
  }

  public SecretKeySpec toKeySpec(String algorithm) {
    return toKeySpec(algorithm, 0, bytes.length);
  }

  /** Constant-time comparison (in the content; the lengths are not secret). */
  public boolean equalsSecret(SecretBytes other) {
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes, redacted]";
  }
}
