package dev.coffer.crypto.primitive;

import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.spec.GCMParameterSpec;

/** AES-256-GCM with a random 96-bit nonce and a 128-bit tag: nonce ‖ ciphertext ‖ tag. */
public final class AesGcmAead extends JdkAead {

  /**
   * @throws IllegalArgumentException unless the key is 32 bytes
   */
  public AesGcmAead(SecretBytes key) {
    super(key, "AES", "AES/GCM/NoPadding");
  }

  @Override
  AlgorithmParameterSpec parameters(byte[] nonce) {
    return new GCMParameterSpec(TAG_LENGTH * 8, nonce);
  }
}
