package dev.coffer.crypto.primitive;

import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/** ChaCha20-Poly1305 (RFC 8439) with a random 96-bit nonce: nonce ‖ ciphertext ‖ tag. */
public final class ChaCha20Poly1305Aead extends JdkAead {

  /**
   * @throws IllegalArgumentException unless the key is 32 bytes
   */
  public ChaCha20Poly1305Aead(SecretBytes key) {
    super(key, "ChaCha20", "ChaCha20-Poly1305");
  }

  @Override
  AlgorithmParameterSpec parameters(byte[] nonce) {
    return new IvParameterSpec(nonce);
  }
}
