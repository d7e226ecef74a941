package dev.coffer.crypto.primitive;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * An AEAD with a 256-bit key, a 96-bit random nonce and a 128-bit tag, run by the JDK's own
 * provider, whose AES-GCM and ChaCha20-Poly1305 are intrinsified on current CPUs.
 */
abstract class JdkAead implements Aead {

  static final int KEY_LENGTH = 32;
  static final int NONCE_LENGTH = 12;
  static final int TAG_LENGTH = 16;

  private static final Map<String, Provider> PROVIDERS = new ConcurrentHashMap<>();

  private final SecretKeySpec key;
  private final String transformation;
  private final Provider provider;

  JdkAead(SecretBytes key, String algorithm, String transformation) {
    if (key.length() != KEY_LENGTH) {
      throw new IllegalArgumentException(
          algorithm + " needs a " + KEY_LENGTH + "-byte key, not " + key.length());
    }
    this.key = key.toKeySpec(algorithm);
    this.transformation = transformation;
    this.provider = provider(transformation);
  }

  /**
   * The JDK provider that serves a transformation, looked up once: asking by name alone walks the
   * provider list on every call, which costs more than encrypting a small payload.
   */
  private static Provider provider(String transformation) {
    return PROVIDERS.computeIfAbsent(
        transformation,
        t -> {
          try {
            return Cipher.getInstance(t).getProvider();
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(t + " is not available in this JDK", e);
          }
        });
  }

  abstract AlgorithmParameterSpec parameters(byte[] nonce);

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
    byte[] nonce = new byte[NONCE_LENGTH];
    SecretBytes.fillRandom(nonce);
    return encrypt(nonce, plaintext, associatedData);
  }

  /** Encrypts under a caller-chosen nonce: only for known-answer tests, never reuse a nonce. */
  byte[] encrypt(byte[] nonce, byte[] plaintext, byte[] associatedData) {
    if (nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException("the nonce must be " + NONCE_LENGTH + " bytes");
    }
    try {
      Cipher cipher = Cipher.getInstance(transformation, provider);
      cipher.init(Cipher.ENCRYPT_MODE, key, parameters(nonce));
      cipher.updateAAD(associatedData);
      byte[] out = new byte[NONCE_LENGTH + cipher.getOutputSize(plaintext.length)];
      System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
      cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_LENGTH);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(transformation + " is not available in this JDK", e);
    }
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    if (ciphertext.length < NONCE_LENGTH + TAG_LENGTH) {
      throw new GeneralSecurityException("decryption failed");
    }
    Cipher cipher = Cipher.getInstance(transformation, provider);
    cipher.init(Cipher.DECRYPT_MODE, key, parameters(Arrays.copyOf(ciphertext, NONCE_LENGTH)));
    cipher.updateAAD(associatedData);
    return cipher.doFinal(ciphertext, NONCE_LENGTH, ciphertext.length - NONCE_LENGTH);
  }
}
