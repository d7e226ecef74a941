package dev.coffer.crypto.primitive;

import static dev.coffer.crypto.primitive.StreamingAeadTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RsaOaepHybridTest {

  private static final byte[] AD = "alice/invoices/v3".getBytes(StandardCharsets.UTF_8);
  private static KeyPair keys;

  @BeforeAll
  static void generate() {
    keys = RsaOaepHybrid.generateKeyPair(2048);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 190, 191, 4096, 1 << 20})
  void decryptWhenUntouchedThenAnyPayloadSizeComesBack(int size) throws Exception {
    byte[] plaintext = bytes(size, size);
    byte[] ciphertext = RsaOaepHybrid.encrypt(keys.getPublic(), plaintext, AD);

    assertThat(ciphertext).hasSize(2 + 256 + 12 + size + 16);
    assertThat(ByteBuffer.wrap(ciphertext).getShort()).isEqualTo((short) 256);
    assertThat(RsaOaepHybrid.decrypt(keys.getPrivate(), ciphertext, AD)).isEqualTo(plaintext);
  }

  @ParameterizedTest
  @ValueSource(ints = {3072, 4096})
  void generateWhenLargerSizesThenWrappedKeyMatchesModulus(int bits) throws Exception {
    KeyPair big = RsaOaepHybrid.generateKeyPair(bits);
    byte[] ciphertext = RsaOaepHybrid.encrypt(big.getPublic(), bytes(10, 1), null);

    assertThat(RsaOaepHybrid.modulusBits(big.getPublic())).isEqualTo(bits);
    assertThat(ByteBuffer.wrap(ciphertext).getShort()).isEqualTo((short) (bits / 8));
    assertThat(RsaOaepHybrid.decrypt(big.getPrivate(), ciphertext, new byte[0]))
        .isEqualTo(bytes(10, 1));
  }

  @Test
  void generateWhenSizeUnsupportedThenRefused() {
    assertThatThrownBy(() -> RsaOaepHybrid.generateKeyPair(1024))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decryptWhenAnyByteChangesThenFailsOpaquely() throws Exception {
    byte[] ciphertext = RsaOaepHybrid.encrypt(keys.getPublic(), bytes(20, 2), AD);
    for (int i = 0; i < ciphertext.length; i++) {
      byte[] tampered = ciphertext.clone();
      tampered[i] ^= (byte) (1 << (i % 8));
      assertThatThrownBy(() -> RsaOaepHybrid.decrypt(keys.getPrivate(), tampered, AD))
          .isInstanceOf(PrimitiveDecryptionException.class)
          .hasMessage("decryption failed")
          .hasNoCause();
    }
  }

  @Test
  void decryptWhenTruncatedOrExtendedThenFails() throws Exception {
    byte[] ciphertext = RsaOaepHybrid.encrypt(keys.getPublic(), bytes(20, 3), AD);
    for (int length : new int[] {0, 1, 2, 258, 270, 285, ciphertext.length - 1}) {
      byte[] cut = Arrays.copyOf(ciphertext, length);
      assertThatThrownBy(() -> RsaOaepHybrid.decrypt(keys.getPrivate(), cut, AD))
          .isInstanceOf(PrimitiveDecryptionException.class);
    }
    byte[] longer = Arrays.copyOf(ciphertext, ciphertext.length + 1);
    assertThatThrownBy(() -> RsaOaepHybrid.decrypt(keys.getPrivate(), longer, AD))
        .isInstanceOf(PrimitiveDecryptionException.class);
  }

  @Test
  void decryptWhenAssociatedDataOrKeyDiffersThenFails() throws Exception {
    byte[] ciphertext = RsaOaepHybrid.encrypt(keys.getPublic(), bytes(20, 4), AD);
    KeyPair other = RsaOaepHybrid.generateKeyPair(2048);

    assertThatThrownBy(() -> RsaOaepHybrid.decrypt(keys.getPrivate(), ciphertext, null))
        .isInstanceOf(PrimitiveDecryptionException.class);
    assertThatThrownBy(() -> RsaOaepHybrid.decrypt(other.getPrivate(), ciphertext, AD))
        .isInstanceOf(PrimitiveDecryptionException.class);
  }

  @Test
  void decryptWhenAssociatedDataNullOrEmptyThenTheSame() throws Exception {
    byte[] ciphertext = RsaOaepHybrid.encrypt(keys.getPublic(), bytes(5, 5), null);
    assertThat(RsaOaepHybrid.decrypt(keys.getPrivate(), ciphertext, new byte[0]))
        .isEqualTo(bytes(5, 5));
  }

  @Test
  void unwrapKeyWhenWrappedThenSameKeyAndWrongSizesRefused() throws Exception {
    byte[] key = bytes(32, 6);
    byte[] wrapped = RsaOaepHybrid.wrapKey(keys.getPublic(), key);

    assertThat(wrapped).hasSize(256);
    assertThat(RsaOaepHybrid.unwrapKey(keys.getPrivate(), wrapped)).isEqualTo(key);
    assertThatThrownBy(() -> RsaOaepHybrid.wrapKey(keys.getPublic(), new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RsaOaepHybrid.unwrapKey(keys.getPrivate(), new byte[256]))
        .isInstanceOf(PrimitiveDecryptionException.class);
  }

  @Test
  void modulusBitsWhenNotRsaThenRefused() {
    KeyPair ed = Signatures.generateEd25519();
    assertThatThrownBy(() -> RsaOaepHybrid.modulusBits(ed.getPublic()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
