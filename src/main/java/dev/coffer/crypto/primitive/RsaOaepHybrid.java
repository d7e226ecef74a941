package dev.coffer.crypto.primitive;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Hybrid RSA encryption: RSA-OAEP (SHA-256, MGF1-SHA-256, empty label) wraps a fresh AES-256-GCM
 * key that encrypts the payload, so any payload size works.
 *
 * <p>Ciphertext layout (all integers big-endian):
 *
 * <pre>
 * offset  size   field
 * 0       2      L: length of the wrapped key, equal to the modulus size in bytes (256, 384, 512)
 * 2       L      RSA-OAEP-SHA256 encryption of the 32-byte AES key
 * 2+L     12     AES-GCM nonce
 * 14+L    n+16   AES-256-GCM ciphertext of the n-byte payload followed by its 16-byte tag;
 *                GCM associated data = the caller's associated data (empty when none)
 * </pre>
 *
 * The OAEP step alone ({@link #wrapKey}, {@link #unwrapKey}) is what {@code openssl pkeyutl
 * -encrypt -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256}
 * produces and consumes, and it also wraps the data key of a stream (see {@link StreamingAead}).
 */
public final class RsaOaepHybrid {

  /** Modulus sizes this class generates and accepts. */
  private static final int[] SUPPORTED_BITS = {2048, 3072, 4096};

  static final int AES_KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String OAEP = "RSA/ECB/OAEPPadding";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RsaOaepHybrid() {}

  /** A new RSA key pair of 2048, 3072 or 4096 bits with public exponent 65537. */
  public static KeyPair generateKeyPair(int bits) {
    checkBits(bits);
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation is unavailable", e);
    }
  }

  /** The modulus size in bits of an RSA key; an {@link IllegalArgumentException} otherwise. */
  public static int modulusBits(Key key) {
    if (!(key instanceof RSAKey rsa) || !"RSA".equals(key.getAlgorithm())) {
      throw new IllegalArgumentException("not an RSA key");
    }
    return rsa.getModulus().bitLength();
  }

  /**
   * Encrypts any payload for the holder of the private key. {@code associatedData} may be null
   * (same as empty) and must be given again, byte for byte, to decrypt.
   */
  public static byte[] encrypt(PublicKey publicKey, byte[] plaintext, byte[] associatedData)
      throws InvalidKeyException {
    byte[] aesKey = new byte[AES_KEY_BYTES];
    RANDOM.nextBytes(aesKey);
    try {
      byte[] wrapped = wrapKey(publicKey, aesKey);
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher gcm = gcm(Cipher.ENCRYPT_MODE, aesKey, nonce, associatedData);
      ByteBuffer out =
          ByteBuffer.allocate(
              2 + wrapped.length + NONCE_BYTES + gcm.getOutputSize(plaintext.length));
      out.putShort((short) wrapped.length).put(wrapped).put(nonce);
      gcm.doFinal(ByteBuffer.wrap(plaintext), out);
      return out.array();
    } catch (InvalidKeyException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    } finally {
      Arrays.fill(aesKey, (byte) 0);
    }
  }

  /** Reverses {@link #encrypt}; every failure is the same {@link PrimitiveDecryptionException}. */
  public static byte[] decrypt(PrivateKey privateKey, byte[] ciphertext, byte[] associatedData)
      throws PrimitiveDecryptionException {
    int modulusBytes = (modulusBits(privateKey) + 7) / 8;
    if (ciphertext.length < 2 + modulusBytes + NONCE_BYTES + TAG_BITS / 8) {
      throw new PrimitiveDecryptionException();
    }
    ByteBuffer in = ByteBuffer.wrap(ciphertext);
    if (Short.toUnsignedInt(in.getShort()) != modulusBytes) {
      throw new PrimitiveDecryptionException();
    }
    byte[] wrapped = new byte[modulusBytes];
    in.get(wrapped);
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(nonce);
    byte[] aesKey = unwrapKey(privateKey, wrapped);
    try {
      return gcm(Cipher.DECRYPT_MODE, aesKey, nonce, associatedData)
          .doFinal(ciphertext, in.position(), in.remaining());
    } catch (GeneralSecurityException e) {
      throw new PrimitiveDecryptionException();
    } finally {
      Arrays.fill(aesKey, (byte) 0);
    }
  }

  /**
   * RSA-OAEP-SHA256 encryption of a 32-byte symmetric key (the first step of {@link #encrypt}). The
   * result is exactly the modulus size long.
   */
  public static byte[] wrapKey(PublicKey publicKey, byte[] key) throws InvalidKeyException {
    if (key.length != AES_KEY_BYTES) {
      throw new IllegalArgumentException("the wrapped key must be 32 bytes");
    }
    checkBits(modulusBits(publicKey));
    try {
      Cipher rsa = oaep();
      rsa.init(Cipher.ENCRYPT_MODE, publicKey, oaepSpec(new byte[0]), RANDOM);
      return rsa.doFinal(key);
    } catch (InvalidKeyException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA-OAEP is unavailable", e);
    }
  }

  /** Reverses {@link #wrapKey}: the 32-byte key, or a {@link PrimitiveDecryptionException}. */
  public static byte[] unwrapKey(PrivateKey privateKey, byte[] wrappedKey)
      throws PrimitiveDecryptionException {
    byte[] key = oaepDecrypt(privateKey, wrappedKey, new byte[0]);
    if (key.length != AES_KEY_BYTES) {
      Arrays.fill(key, (byte) 0);
      throw new PrimitiveDecryptionException();
    }
    return key;
  }

  /** Raw RSA-OAEP-SHA256 decryption with an OAEP label; the vector tests reach it directly. */
  static byte[] oaepDecrypt(PrivateKey privateKey, byte[] ciphertext, byte[] label)
      throws PrimitiveDecryptionException {
    try {
      Cipher rsa = oaep();
      rsa.init(Cipher.DECRYPT_MODE, privateKey, oaepSpec(label));
      return rsa.doFinal(ciphertext);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new PrimitiveDecryptionException();
    }
  }

  private static Cipher gcm(int mode, byte[] key, byte[] nonce, byte[] associatedData)
      throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    gcm.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    gcm.updateAAD(orEmpty(associatedData));
    return gcm;
  }

  private static Cipher oaep() throws GeneralSecurityException {
    return Cipher.getInstance(OAEP, "SunJCE");
  }

  private static OAEPParameterSpec oaepSpec(byte[] label) {
    return new OAEPParameterSpec(
        "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, new PSource.PSpecified(label));
  }

  private static void checkBits(int bits) {
    if (Arrays.stream(SUPPORTED_BITS).noneMatch(b -> b == bits)) {
      throw new IllegalArgumentException("RSA keys must have 2048, 3072 or 4096 bits");
    }
  }

  static byte[] orEmpty(byte @Nullable [] bytes) {
    return bytes == null ? new byte[0] : bytes;
  }
}
