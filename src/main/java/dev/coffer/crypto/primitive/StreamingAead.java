package dev.coffer.crypto.primitive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Streaming AEAD for data of any size at constant memory: a fresh random 32-byte data key per
 * stream, wrapped by a caller-supplied function and carried opaquely in the header; the plaintext
 * cut into segments (64 KiB by default), each sealed with AES-256-GCM or ChaCha20-Poly1305 from the
 * JDK provider under a nonce that binds the segment index and a last-segment flag (the STREAM
 * construction of Hoang, Reyhanitabar, Rogaway and Vizár, as in Tink's streaming AEADs). A segment
 * is written as soon as it is sealed or authenticated, so the decryptor's output is always a prefix
 * of the plaintext; truncation, reordering, duplication, trailing data or any flipped bit makes
 * {@link #decrypt} throw {@link PrimitiveDecryptionException}. The byte-exact format is in {@code
 * docs/stream-format.md}.
 *
 * <p>Memory per call: one input and one output buffer of about one segment each, reused for every
 * segment.
 */
public final class StreamingAead {

  /** The segment ciphers and their identifiers in the header. */
  public enum Cipher {
    AES_256_GCM(1, "AES/GCM/NoPadding", "AES"),
    CHACHA20_POLY1305(2, "ChaCha20-Poly1305", "ChaCha20");

    final int id;
    private final String transformation;
    private final String keyAlgorithm;

    Cipher(int id, String transformation, String keyAlgorithm) {
      this.id = id;
      this.transformation = transformation;
      this.keyAlgorithm = keyAlgorithm;
    }

    static @Nullable Cipher byId(int id) {
      for (Cipher cipher : values()) {
        if (cipher.id == id) {
          return cipher;
        }
      }
      return null;
    }

    private AlgorithmParameterSpec nonceSpec(byte[] nonce) {
      return this == AES_256_GCM
          ? new GCMParameterSpec(TAG_SIZE * 8, nonce)
          : new IvParameterSpec(nonce);
    }
  }

  /** Wraps the stream's 32-byte data key; the result goes into the header as it is. */
  @FunctionalInterface
  public interface KeyWrapper {
    byte[] wrap(byte[] dataKey) throws GeneralSecurityException;
  }

  /**
   * Recovers the 32-byte data key from the header's wrapped key. A {@link GeneralSecurityException}
   * becomes the stream's {@link PrimitiveDecryptionException}.
   */
  @FunctionalInterface
  public interface KeyUnwrapper {
    byte[] unwrap(byte[] wrappedKey) throws GeneralSecurityException;
  }

  /** Plaintext bytes per segment that Coffer writes. */
  public static final int DEFAULT_SEGMENT_SIZE = 64 * 1024;

  /** Smallest and largest segment sizes accepted in a header. */
  public static final int MIN_SEGMENT_SIZE = 16;

  public static final int MAX_SEGMENT_SIZE = 1024 * 1024;

  /** Largest wrapped key the header can carry (its length is an unsigned 16-bit field). */
  public static final int MAX_WRAPPED_KEY_SIZE = 0xFFFF;

  static final byte[] MAGIC = {'C', 'O', 'F', 'S'};
  static final int VERSION = 1;
  static final int TAG_SIZE = 16;
  static final int KEY_SIZE = 32;
  static final int NONCE_PREFIX_SIZE = 7;
  static final int NONCE_SIZE = 12;

  /** magic(4) version(1) cipher(1) segmentSize(4) noncePrefix(7) wrappedKeyLength(2). */
  static final int FIXED_HEADER_SIZE = 19;

  private static final long MAX_SEGMENTS = 1L << 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private StreamingAead() {}

  /** {@link #encrypt(Cipher, int, InputStream, OutputStream, byte[], KeyWrapper)} in 64 KiB. */
  public static long encrypt(
      Cipher cipher,
      InputStream in,
      OutputStream out,
      byte @Nullable [] associatedData,
      KeyWrapper wrapper)
      throws IOException, GeneralSecurityException {
    return encrypt(cipher, DEFAULT_SEGMENT_SIZE, in, out, associatedData, wrapper);
  }

  /**
   * Reads {@code in} to its end and writes the header and the sealed segments to {@code out}
   * (neither stream is closed or flushed): {@code prepare(cipher, segmentSize, associatedData,
   * wrapper).writeTo(in, out)}. {@code associatedData} may be null (same as empty) and must be
   * given again to decrypt. Exceptions from {@code wrapper} propagate unchanged, before anything is
   * read or written. Returns the number of plaintext bytes.
   */
  public static long encrypt(
      Cipher cipher,
      int segmentSize,
      InputStream in,
      OutputStream out,
      byte @Nullable [] associatedData,
      KeyWrapper wrapper)
      throws IOException, GeneralSecurityException {
    return prepare(cipher, segmentSize, associatedData, wrapper).writeTo(in, out);
  }

  /**
   * The first half of {@link #encrypt}, for HTTP: draws the data key and nonce prefix and wraps the
   * key, reading and writing nothing, so a wrapping failure comes while an error response can still
   * be sent.
   */
  public static Encryption prepare(
      Cipher cipher, int segmentSize, byte @Nullable [] associatedData, KeyWrapper wrapper)
      throws GeneralSecurityException {
    if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
      throw new IllegalArgumentException("segment size out of range");
    }
    byte[] dataKey = new byte[KEY_SIZE];
    RANDOM.nextBytes(dataKey);
    try {
      byte[] wrapped = wrapper.wrap(dataKey.clone());
      if (wrapped == null || wrapped.length > MAX_WRAPPED_KEY_SIZE) {
        throw new IllegalArgumentException("the wrapped key must be at most 65535 bytes");
      }
      byte[] noncePrefix = new byte[NONCE_PREFIX_SIZE];
      RANDOM.nextBytes(noncePrefix);
      byte[] header = header(cipher, segmentSize, noncePrefix, wrapped);
      return new Encryption(
          header, new Segments(cipher, dataKey, noncePrefix, header, associatedData), segmentSize);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** A stream ready to be encrypted, its data key already wrapped; single use. */
  public static final class Encryption {
    private final byte[] header;
    private final Segments segments;
    private final int segmentSize;
    private boolean used;

    private Encryption(byte[] header, Segments segments, int segmentSize) {
      this.header = header;
      this.segments = segments;
      this.segmentSize = segmentSize;
    }

    /** Size of the header this stream starts with (for {@link #ciphertextLength}). */
    public int headerLength() {
      return header.length;
    }

    /**
     * Writes the header, then reads {@code in} to its end, writing each segment as soon as it is
     * sealed; returns the number of plaintext bytes. Memory: two buffers of about a segment each.
     */
    public long writeTo(InputStream in, OutputStream out)
        throws IOException, GeneralSecurityException {
      if (used) {
        throw new IllegalStateException("an Encryption writes once");
      }
      used = true;
      out.write(header);
      byte[] plain = new byte[segmentSize + 1];
      byte[] sealed = new byte[segmentSize + TAG_SIZE];
      long total = 0;
      long index = 0;
      int have = in.readNBytes(plain, 0, segmentSize + 1);
      while (have > segmentSize) {
        out.write(sealed, 0, segments.seal(index++, false, plain, segmentSize, sealed));
        total += segmentSize;
        plain[0] = plain[segmentSize];
        have = 1 + in.readNBytes(plain, 1, segmentSize);
      }
      out.write(sealed, 0, segments.seal(index, true, plain, have, sealed));
      return total + have;
    }
  }

  /**
   * Reads a whole stream made by {@link #encrypt} and writes each segment's plaintext to {@code
   * out} as soon as it is authenticated: {@code open(in, associatedData, unwrapper).writeTo(out)}.
   * Returns the number of plaintext bytes once the last segment has verified and the input has
   * ended. Anything wrong with the data is a {@link PrimitiveDecryptionException}, thrown before
   * any byte of the failing segment is written; what was written before it is a prefix of the
   * plaintext that the caller must treat as failed. {@link IOException}s from the streams propagate
   * unchanged.
   */
  public static long decrypt(
      InputStream in, OutputStream out, byte @Nullable [] associatedData, KeyUnwrapper unwrapper)
      throws IOException, PrimitiveDecryptionException {
    return open(in, associatedData, unwrapper).writeTo(out);
  }

  /**
   * The first half of {@link #decrypt}, for HTTP: reads the header, unwraps the data key and reads
   * and authenticates the first segment, writing nothing. A wrong key, a bad header or a bad first
   * segment fails here, while an error response can still be sent; the returned {@link Decryption}
   * then writes the plaintext.
   */
  public static Decryption open(
      InputStream in, byte @Nullable [] associatedData, KeyUnwrapper unwrapper)
      throws IOException, PrimitiveDecryptionException {
    byte[] fixed = new byte[FIXED_HEADER_SIZE];
    if (in.readNBytes(fixed, 0, fixed.length) != fixed.length) {
      throw new PrimitiveDecryptionException();
    }
    ByteBuffer fields = ByteBuffer.wrap(fixed);
    byte[] magic = new byte[MAGIC.length];
    fields.get(magic);
    int version = Byte.toUnsignedInt(fields.get());
    Cipher cipher = Cipher.byId(Byte.toUnsignedInt(fields.get()));
    int segmentSize = fields.getInt();
    byte[] noncePrefix = new byte[NONCE_PREFIX_SIZE];
    fields.get(noncePrefix);
    int wrappedLength = Short.toUnsignedInt(fields.getShort());
    if (!Arrays.equals(magic, MAGIC)
        || version != VERSION
        || cipher == null
        || segmentSize < MIN_SEGMENT_SIZE
        || segmentSize > MAX_SEGMENT_SIZE) {
      throw new PrimitiveDecryptionException();
    }
    byte[] header = Arrays.copyOf(fixed, FIXED_HEADER_SIZE + wrappedLength);
    if (in.readNBytes(header, FIXED_HEADER_SIZE, wrappedLength) != wrappedLength) {
      throw new PrimitiveDecryptionException();
    }
    byte[] dataKey =
        unwrap(unwrapper, Arrays.copyOfRange(header, FIXED_HEADER_SIZE, header.length));
    Segments segments;
    try {
      segments = new Segments(cipher, dataKey, noncePrefix, header, associatedData);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
    Decryption decryption = new Decryption(in, segments, segmentSize);
    decryption.advance();
    return decryption;
  }

  /**
   * A stream being decrypted whose first segment is already authenticated; single use. Holds one
   * sealed and one plaintext buffer of about a segment each.
   */
  public static final class Decryption {
    private final InputStream in;
    private final Segments segments;
    private final int sealedSize;
    private final byte[] sealed;
    private final byte[] plain;
    private long index = -1;
    private int have;
    private int plainLength;
    private boolean last;
    private boolean used;

    private Decryption(InputStream in, Segments segments, int segmentSize) {
      this.in = in;
      this.segments = segments;
      this.sealedSize = segmentSize + TAG_SIZE;
      this.sealed = new byte[sealedSize + 1];
      this.plain = new byte[segmentSize];
    }

    /**
     * Writes the authenticated first segment, then each further segment as soon as it verifies, and
     * returns the plaintext length; see {@link StreamingAead#decrypt} for the failure rules.
     */
    public long writeTo(OutputStream out) throws IOException, PrimitiveDecryptionException {
      if (used) {
        throw new IllegalStateException("a Decryption writes once");
      }
      used = true;
      long total = 0;
      while (true) {
        out.write(plain, 0, plainLength);
        total += plainLength;
        if (last) {
          return total;
        }
        advance();
      }
    }

    /** Reads and authenticates the next segment into {@code plain}. */
    private void advance() throws IOException, PrimitiveDecryptionException {
      if (index < 0) {
        have = in.readNBytes(sealed, 0, sealedSize + 1);
      } else {
        sealed[0] = sealed[sealedSize];
        have = 1 + in.readNBytes(sealed, 1, sealedSize);
      }
      index++;
      last = have <= sealedSize;
      plainLength = segments.open(index, last, sealed, last ? have : sealedSize, plain);
    }
  }

  /**
   * Total stream size for a plaintext of the given size; {@code headerLength} is 19 plus the
   * wrapped key's length ({@link Encryption#headerLength()}).
   */
  public static long ciphertextLength(long plaintextLength, int headerLength, int segmentSize) {
    long segments = Math.max(1, (plaintextLength + segmentSize - 1) / segmentSize);
    return headerLength + plaintextLength + segments * TAG_SIZE;
  }

  private static byte[] header(Cipher cipher, int segmentSize, byte[] noncePrefix, byte[] wrapped) {
    return ByteBuffer.allocate(FIXED_HEADER_SIZE + wrapped.length)
        .put(MAGIC)
        .put((byte) VERSION)
        .put((byte) cipher.id)
        .putInt(segmentSize)
        .put(noncePrefix)
        .putShort((short) wrapped.length)
        .put(wrapped)
        .array();
  }

  private static byte[] unwrap(KeyUnwrapper unwrapper, byte[] wrapped)
      throws PrimitiveDecryptionException {
    byte[] key;
    try {
      key = unwrapper.unwrap(wrapped);
    } catch (GeneralSecurityException e) {
      throw new PrimitiveDecryptionException();
    }
    if (key == null || key.length != KEY_SIZE) {
      throw new PrimitiveDecryptionException();
    }
    return key;
  }

  /** One stream's segment cipher: the key, the nonce prefix and the header digest. */
  private static final class Segments {
    private final Cipher cipher;
    private final javax.crypto.Cipher jce;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[NONCE_SIZE];
    private final byte[] aad;

    Segments(
        Cipher cipher,
        byte[] dataKey,
        byte[] noncePrefix,
        byte[] header,
        byte @Nullable [] associatedData)
        throws PrimitiveDecryptionException {
      this.cipher = cipher;
      try {
        this.jce = javax.crypto.Cipher.getInstance(cipher.transformation, "SunJCE");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(header);
        sha256.update(RsaOaepHybrid.orEmpty(associatedData));
        this.aad = sha256.digest();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(cipher + " is unavailable", e);
      }
      this.key = new SecretKeySpec(dataKey, cipher.keyAlgorithm);
      System.arraycopy(noncePrefix, 0, nonce, 0, NONCE_PREFIX_SIZE);
    }

    int seal(long index, boolean last, byte[] plain, int length, byte[] sealed)
        throws GeneralSecurityException {
      init(javax.crypto.Cipher.ENCRYPT_MODE, index, last);
      return jce.doFinal(plain, 0, length, sealed, 0);
    }

    int open(long index, boolean last, byte[] sealed, int length, byte[] plain)
        throws PrimitiveDecryptionException {
      if (length < TAG_SIZE) {
        throw new PrimitiveDecryptionException();
      }
      try {
        init(javax.crypto.Cipher.DECRYPT_MODE, index, last);
        return jce.doFinal(sealed, 0, length, plain, 0);
      } catch (GeneralSecurityException e) {
        throw new PrimitiveDecryptionException();
      }
    }

    private void init(int mode, long index, boolean last) throws GeneralSecurityException {
      if (index >= MAX_SEGMENTS) {
        throw new GeneralSecurityException("too many segments");
      }
      ByteBuffer.wrap(nonce, NONCE_PREFIX_SIZE, 5).putInt((int) index).put((byte) (last ? 1 : 0));
      jce.init(mode, key, cipher.nonceSpec(nonce));
      jce.updateAAD(aad);
    }
  }
}
