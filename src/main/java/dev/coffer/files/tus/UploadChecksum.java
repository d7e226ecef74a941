package dev.coffer.files.tus;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The checksum extension's {@code Upload-Checksum: <algorithm> <base64 digest>} for one {@code
 * PATCH} body.
 *
 * @param algorithm the tus name ({@code sha1}, {@code sha256})
 * @param expected the digest the client computed
 */
record UploadChecksum(String algorithm, byte[] expected) {

  /** tus names and the JDK's, in the order {@code Tus-Checksum-Algorithm} lists them. */
  private static final Map<String, String> ALGORITHMS =
      Map.of("sha1", "SHA-1", "sha256", "SHA-256");

  static final String SUPPORTED = "sha1,sha256";

  /**
   * @return null without a header
   * @throws IllegalArgumentException with a message fit for the client when the header is malformed
   *     or names an algorithm Coffer does not support
   */
  static @Nullable UploadChecksum parse(@Nullable String header) {
    if (header == null) {
      return null;
    }
    String[] parts = header.trim().split(" +");
    if (parts.length != 2) {
      throw new IllegalArgumentException("Upload-Checksum must be '<algorithm> <base64 digest>'.");
    }
    String algorithm = parts[0].toLowerCase(Locale.ROOT);
    if (!ALGORITHMS.containsKey(algorithm)) {
      throw new IllegalArgumentException(
          "Upload-Checksum: unsupported algorithm; use one of " + SUPPORTED + ".");
    }
    byte[] expected;
    try {
      expected = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Upload-Checksum: the digest is not valid base64.");
    }
    UploadChecksum checksum = new UploadChecksum(algorithm, expected);
    if (expected.length != checksum.newDigest().getDigestLength()) {
      throw new IllegalArgumentException(
          "Upload-Checksum: the digest has the wrong length for " + algorithm + ".");
    }
    return checksum;
  }

  MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(ALGORITHMS.get(algorithm));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has " + algorithm, e);
    }
  }

  boolean matches(byte @Nullable [] actual) {
    return MessageDigest.isEqual(expected, actual);
  }
}
