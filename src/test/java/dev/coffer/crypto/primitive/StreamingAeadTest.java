package dev.coffer.crypto.primitive;

import static dev.coffer.crypto.primitive.StreamingAead.DEFAULT_SEGMENT_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.crypto.primitive.StreamingAead.Cipher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class StreamingAeadTest {

  private static final byte[] AD = "owner/key/v1".getBytes(StandardCharsets.UTF_8);
  private static final int SMALL = 64;

  /** A toy wrapping for the tests: XOR with a fixed pad, prefixed by a marker the unwrap checks. */
  private static final byte[] PAD = bytes(32, 99);

  private static byte[] wrap(byte[] key) {
    byte[] wrapped = new byte[33];
    wrapped[0] = 'W';
    for (int i = 0; i < 32; i++) {
      wrapped[i + 1] = (byte) (key[i] ^ PAD[i]);
    }
    return wrapped;
  }

  private static byte[] unwrap(byte[] wrapped) throws GeneralSecurityException {
    if (wrapped.length != 33 || wrapped[0] != 'W') {
      throw new AEADBadTagException();
    }
    byte[] key = new byte[32];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) (wrapped[i + 1] ^ PAD[i]);
    }
    return key;
  }

  static Stream<Arguments> sizes() {
    int s = DEFAULT_SEGMENT_SIZE;
    return Stream.of(Cipher.values())
        .flatMap(
            c ->
                IntStream.of(0, 1, s - 1, s, s + 1, 2 * s, 3 * s + 17)
                    .mapToObj(n -> Arguments.of(c, n)));
  }

  @ParameterizedTest(name = "{0} {1} bytes")
  @MethodSource("sizes")
  void decryptWhenUntouchedThenPlaintextComesBack(Cipher cipher, int size) throws Exception {
    byte[] plaintext = bytes(size, size);
    byte[] sealed = encrypt(cipher, DEFAULT_SEGMENT_SIZE, plaintext, AD);

    assertThat(sealed)
        .hasSize((int) StreamingAead.ciphertextLength(size, 19 + 33, DEFAULT_SEGMENT_SIZE));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long count =
        StreamingAead.decrypt(new ByteArrayInputStream(sealed), out, AD, StreamingAeadTest::unwrap);
    assertThat(count).isEqualTo(size);
    assertThat(out.toByteArray()).isEqualTo(plaintext);
  }

  @ParameterizedTest
  @EnumSource(Cipher.class)
  void decryptWhenReadInDribblesThenStillWorks(Cipher cipher) throws Exception {
    byte[] plaintext = bytes(5 * SMALL + 3, 1);
    byte[] sealed = encrypt(cipher, SMALL, plaintext, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    StreamingAead.decrypt(new Dribble(sealed), out, new byte[0], StreamingAeadTest::unwrap);

    assertThat(out.toByteArray()).isEqualTo(plaintext);
  }

  @Test
  void encryptWhenSamePlaintextTwiceThenCiphertextsDiffer() throws Exception {
    byte[] plaintext = bytes(100, 2);
    assertThat(encrypt(Cipher.AES_256_GCM, SMALL, plaintext, AD))
        .isNotEqualTo(encrypt(Cipher.AES_256_GCM, SMALL, plaintext, AD));
  }

  @Test
  void encryptThenHeaderHoldsTheDocumentedFields() throws Exception {
    byte[] sealed = encrypt(Cipher.CHACHA20_POLY1305, SMALL, bytes(10, 3), AD);
    ByteBuffer header = ByteBuffer.wrap(sealed);
    byte[] magic = new byte[4];
    header.get(magic);

    assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("COFS");
    assertThat(header.get()).isEqualTo((byte) 1);
    assertThat(header.get()).isEqualTo((byte) 2);
    assertThat(header.getInt()).isEqualTo(SMALL);
    header.position(header.position() + 7);
    assertThat(header.getShort()).isEqualTo((short) 33);
    assertThat(header.get()).isEqualTo((byte) 'W');
    assertThat(sealed).hasSize(19 + 33 + 10 + 16);
  }

  @ParameterizedTest
  @EnumSource(Cipher.class)
  void decryptWhenAnyBitOfAnyByteFlipsThenFails(Cipher cipher) throws Exception {
    byte[] sealed = encrypt(cipher, SMALL, bytes(3 * SMALL + 5, 4), AD);
    for (int i = 0; i < sealed.length; i++) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= (byte) (1 << (i % 8));
      assertFails(tampered, AD);
    }
  }

  @ParameterizedTest
  @EnumSource(Cipher.class)
  void decryptWhenTruncatedAnywhereThenFails(Cipher cipher) throws Exception {
    byte[] sealed = encrypt(cipher, SMALL, bytes(3 * SMALL, 5), AD);
    for (int length = 0; length < sealed.length; length++) {
      assertFails(Arrays.copyOf(sealed, length), AD);
    }
  }

  @Test
  void decryptWhenCutAtASegmentBoundaryThenFailsAfterWritingOnlyVerifiedSegments()
      throws Exception {
    byte[] plaintext = bytes(4 * SMALL, 6);
    byte[] sealed = encrypt(Cipher.AES_256_GCM, SMALL, plaintext, AD);
    int segment = SMALL + 16;
    byte[] twoSegments = Arrays.copyOf(sealed, headerLength() + 2 * segment);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(
            () ->
                StreamingAead.decrypt(
                    new ByteArrayInputStream(twoSegments), out, AD, StreamingAeadTest::unwrap))
        .isInstanceOf(PrimitiveDecryptionException.class)
        .hasMessage("decryption failed");
    assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(plaintext, SMALL));
  }

  @Test
  void openWhenFirstSegmentIsBadThenFailsBeforeAnyPlaintextExists() throws Exception {
    byte[] sealed = encrypt(Cipher.AES_256_GCM, SMALL, bytes(3 * SMALL, 17), AD);
    byte[] tampered = sealed.clone();
    tampered[headerLength() + 3] ^= 1;

    assertThatThrownBy(
            () ->
                StreamingAead.open(
                    new ByteArrayInputStream(tampered), AD, StreamingAeadTest::unwrap))
        .isInstanceOf(PrimitiveDecryptionException.class);
  }

  @Test
  void openWhenOnlyALaterSegmentIsBadThenSucceedsAndWriteToFailsAfterTheGoodPrefix()
      throws Exception {
    byte[] plaintext = bytes(3 * SMALL, 18);
    byte[] sealed = encrypt(Cipher.CHACHA20_POLY1305, SMALL, plaintext, AD);
    sealed[sealed.length - 1] ^= 1;
    StreamingAead.Decryption decryption =
        StreamingAead.open(new ByteArrayInputStream(sealed), AD, StreamingAeadTest::unwrap);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> decryption.writeTo(out))
        .isInstanceOf(PrimitiveDecryptionException.class);
    assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(plaintext, 2 * SMALL));
    assertThatThrownBy(() -> decryption.writeTo(out)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void decryptWhenSegmentsSwappedThenFails() throws Exception {
    byte[] sealed = encrypt(Cipher.AES_256_GCM, SMALL, bytes(3 * SMALL + 1, 7), AD);
    assertFails(swap(sealed, 0, 1));
    assertFails(swap(sealed, 1, 2));
  }

  @Test
  void decryptWhenASegmentIsDuplicatedOrDroppedThenFails() throws Exception {
    byte[] sealed = encrypt(Cipher.CHACHA20_POLY1305, SMALL, bytes(3 * SMALL + 1, 8), AD);
    int start = headerLength();
    int segment = SMALL + 16;
    byte[] duplicated = new byte[sealed.length + segment];
    System.arraycopy(sealed, 0, duplicated, 0, start + segment);
    System.arraycopy(sealed, start, duplicated, start + segment, sealed.length - start);
    byte[] dropped = new byte[sealed.length - segment];
    System.arraycopy(sealed, 0, dropped, 0, start);
    System.arraycopy(sealed, start + segment, dropped, start, sealed.length - start - segment);

    assertFails(duplicated, AD);
    assertFails(dropped, AD);
  }

  @ParameterizedTest
  @EnumSource(Cipher.class)
  void decryptWhenDataFollowsTheLastSegmentThenFails(Cipher cipher) throws Exception {
    for (int size : new int[] {0, 10, SMALL, 2 * SMALL}) {
      byte[] sealed = encrypt(cipher, SMALL, bytes(size, 9), AD);
      assertFails(concat(sealed, new byte[1]), AD);
      assertFails(
          concat(sealed, Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length)), AD);
      assertFails(concat(sealed, sealed), AD);
    }
  }

  @Test
  void decryptWhenLastSegmentOfOneStreamEndsAnotherThenFails() throws Exception {
    byte[] plaintext = bytes(2 * SMALL, 10);
    byte[] one = encrypt(Cipher.AES_256_GCM, SMALL, plaintext, AD);
    byte[] two = encrypt(Cipher.AES_256_GCM, SMALL, plaintext, AD);
    byte[] spliced = Arrays.copyOf(one, one.length);
    System.arraycopy(two, one.length - SMALL - 16, spliced, one.length - SMALL - 16, SMALL + 16);

    assertFails(spliced, AD);
  }

  @Test
  void decryptWhenAssociatedDataDiffersThenFails() throws Exception {
    byte[] sealed = encrypt(Cipher.AES_256_GCM, SMALL, bytes(10, 11), AD);
    assertFails(sealed, "other".getBytes(StandardCharsets.UTF_8));
    assertFails(sealed, null);
  }

  @Test
  void decryptWhenUnwrapFailsOrYieldsAWrongKeyThenFails() throws Exception {
    byte[] sealed = encrypt(Cipher.AES_256_GCM, SMALL, bytes(10, 12), AD);
    StreamingAead.KeyUnwrapper refusing =
        wrapped -> {
          throw new GeneralSecurityException("bad key version 7");
        };
    assertThatThrownBy(() -> decrypt(sealed, AD, refusing))
        .isInstanceOf(PrimitiveDecryptionException.class)
        .hasMessage("decryption failed")
        .hasNoCause();
    assertFails(sealed, AD, wrapped -> new byte[32]);
    assertFails(sealed, AD, wrapped -> new byte[16]);
  }

  @Test
  void decryptWhenHeaderFieldsAreUnknownThenFailsBeforeUnwrapping() throws Exception {
    byte[] sealed = encrypt(Cipher.AES_256_GCM, SMALL, bytes(10, 13), AD);
    for (int[] edit :
        new int[][] {{0, 'X'}, {4, 2}, {5, 0}, {5, 3}, {6, 0x7f}, {9, 15}, {7, 0x10}}) {
      byte[] tampered = sealed.clone();
      tampered[edit[0]] = (byte) edit[1];
      assertFails(
          tampered,
          AD,
          wrapped -> {
            throw new AssertionError("unwrap must not be reached");
          });
    }
  }

  @Test
  void decryptWhenCipherIdIsSwappedThenFails() throws Exception {
    byte[] sealed = encrypt(Cipher.AES_256_GCM, SMALL, bytes(10, 14), AD);
    sealed[5] = 2;
    assertFails(sealed, AD);
  }

  @Test
  void encryptAndDecryptWhenTheDataKeyIsWrappedWithRsaThenRoundTrip() throws Exception {
    KeyPair rsa = RsaOaepHybrid.generateKeyPair(2048);
    byte[] plaintext = bytes(2 * DEFAULT_SEGMENT_SIZE + 5, 15);
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();
    StreamingAead.encrypt(
        Cipher.CHACHA20_POLY1305,
        new ByteArrayInputStream(plaintext),
        sealed,
        null,
        key -> RsaOaepHybrid.wrapKey(rsa.getPublic(), key));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    StreamingAead.decrypt(
        new ByteArrayInputStream(sealed.toByteArray()),
        out,
        null,
        wrapped -> RsaOaepHybrid.unwrapKey(rsa.getPrivate(), wrapped));

    assertThat(sealed.toByteArray()).hasSize(19 + 256 + plaintext.length + 3 * 16);
    assertThat(out.toByteArray()).isEqualTo(plaintext);
  }

  @Test
  void encryptWhenWrapperFailsThenNothingIsWritten() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(
            () ->
                StreamingAead.encrypt(
                    Cipher.AES_256_GCM,
                    new ByteArrayInputStream(bytes(10, 16)),
                    out,
                    AD,
                    key -> {
                      throw new GeneralSecurityException("no such key");
                    }))
        .hasMessage("no such key");
    assertThat(out.size()).isZero();
  }

  @Test
  void prepareWhenWrappedThenNothingIsReadUntilWriteToAndWriteToRunsOnce() throws Exception {
    StreamingAead.Encryption encryption =
        StreamingAead.prepare(Cipher.AES_256_GCM, SMALL, AD, StreamingAeadTest::wrap);
    byte[] plaintext = bytes(2 * SMALL + 1, 19);
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();

    long count = encryption.writeTo(new ByteArrayInputStream(plaintext), sealed);

    assertThat(count).isEqualTo(plaintext.length);
    assertThat(encryption.headerLength()).isEqualTo(19 + 33);
    assertThat(sealed.size())
        .isEqualTo(
            StreamingAead.ciphertextLength(plaintext.length, encryption.headerLength(), SMALL));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamingAead.decrypt(
        new ByteArrayInputStream(sealed.toByteArray()), out, AD, StreamingAeadTest::unwrap);
    assertThat(out.toByteArray()).isEqualTo(plaintext);
    assertThatThrownBy(() -> encryption.writeTo(new ByteArrayInputStream(plaintext), sealed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void encryptWhenSegmentSizeOutOfRangeThenRefused() {
    for (int size : new int[] {15, StreamingAead.MAX_SEGMENT_SIZE + 1}) {
      assertThatThrownBy(() -> encrypt(Cipher.AES_256_GCM, size, new byte[1], AD))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static byte[] encrypt(Cipher cipher, int segmentSize, byte[] plaintext, byte[] ad)
      throws IOException, GeneralSecurityException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long count =
        StreamingAead.encrypt(
            cipher,
            segmentSize,
            new ByteArrayInputStream(plaintext),
            out,
            ad,
            StreamingAeadTest::wrap);
    assertThat(count).isEqualTo(plaintext.length);
    return out.toByteArray();
  }

  private static void assertFails(byte[] sealed) {
    assertFails(sealed, AD);
  }

  private static void assertFails(byte[] sealed, byte[] ad) {
    assertFails(sealed, ad, StreamingAeadTest::unwrap);
  }

  private static void assertFails(byte[] sealed, byte[] ad, StreamingAead.KeyUnwrapper unwrapper) {
    assertThatThrownBy(() -> decrypt(sealed, ad, unwrapper))
        .isInstanceOf(PrimitiveDecryptionException.class);
  }

  private static long decrypt(byte[] sealed, byte[] ad, StreamingAead.KeyUnwrapper unwrapper)
      throws Exception {
    return StreamingAead.decrypt(
        new ByteArrayInputStream(sealed), new ByteArrayOutputStream(), ad, unwrapper);
  }

  private static int headerLength() {
    return 19 + 33;
  }

  private static byte[] swap(byte[] sealed, int a, int b) {
    int segment = SMALL + 16;
    byte[] swapped = sealed.clone();
    System.arraycopy(
        sealed, headerLength() + a * segment, swapped, headerLength() + b * segment, segment);
    System.arraycopy(
        sealed, headerLength() + b * segment, swapped, headerLength() + a * segment, segment);
    return swapped;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** An input stream that hands out at most 7 bytes per read, like a slow network. */
  private static final class Dribble extends InputStream {
    private final ByteArrayInputStream in;

    Dribble(byte[] bytes) {
      this.in = new ByteArrayInputStream(bytes);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, Math.min(len, 7));
    }
  }
}
