package dev.coffer.crypto.primitive;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HMAC-SHA256 (JDK provider) and the per-version HMAC subkey.
 *
 * <p>Subkey choice: derived, not stored. The subkey of a key version is HKDF-SHA256 (RFC 5869) with
 * input key material = the version's stored key bytes exactly as stored (the raw 32-byte key of AES
 * and ChaCha20 keys, the 32 bytes of a Fernet key, the canonical PKCS#8 DER of RSA and EC keys,
 * that is {@code PrivateKey.getEncoded()} of a key from {@link AsymmetricKeys}), no salt (RFC 5869:
 * a string of 32 zero bytes), info = ASCII {@value #SUBKEY_INFO}, length 32. Deriving needs no
 * extra column in the key model, never reuses the cipher key itself as a MAC key (the info string
 * separates the uses), and works for every key type, old versions included. The stored bytes must
 * therefore never be re-encoded once a version exists.
 */
public final class HmacSha256 {

  /** Length of a tag; {@link #verify} accepts no other (no truncated tags). */
  public static final int TAG_BYTES = 32;

  /** HKDF info string of the subkey; changing it changes every subkey. */
  public static final String SUBKEY_INFO = "coffer hmac-sha256 subkey v1";

  private HmacSha256() {}

  /** HMAC-SHA256 of {@code message} under {@code key} (any non-empty length). */
  public static byte[] mac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256", "SunJCE");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  /** Constant-time check of a full 32-byte tag; false for any other tag, wrong lengths included. */
  public static boolean verify(byte[] key, byte[] message, byte[] tag) {
    if (tag == null || tag.length != TAG_BYTES) {
      return false;
    }
    return MessageDigest.isEqual(mac(key, message), tag);
  }

  /** The 32-byte HMAC subkey of a key version's stored material (see the class comment). */
  public static byte[] deriveSubkey(byte[] keyMaterial) {
    if (keyMaterial == null || keyMaterial.length == 0) {
      throw new IllegalArgumentException("key material is empty");
    }
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(
        new HKDFParameters(keyMaterial, null, SUBKEY_INFO.getBytes(StandardCharsets.US_ASCII)));
    byte[] subkey = new byte[32];
    hkdf.generateBytes(subkey, 0, subkey.length);
    return subkey;
  }
}
