package dev.coffer.crypto.primitive;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 (JDK provider). The key layer gives each key version its own HMAC key: 32 random
 * bytes drawn when the version is made and stored wrapped beside the version's material, so the
 * cipher or signing key is never used as a MAC key and works the same for every key type.
 */
public final class HmacSha256 {

  /** Length of a tag; {@link #verify} accepts no other (no truncated tags). */
  public static final int TAG_BYTES = 32;

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
}
