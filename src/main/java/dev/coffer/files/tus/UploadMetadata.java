package dev.coffer.files.tus;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Upload-Metadata} header: comma-separated pairs of a key and a base64 value (the value
 * may be left out). Values are decoded as UTF-8 text; a header that breaks the grammar is refused
 * as a whole rather than half read.
 */
record UploadMetadata(Map<String, String> values) {

  /** Longest header accepted (it is stored and echoed back on {@code HEAD}). */
  static final int MAX_LENGTH = 8192;

  private static final Pattern KEY = Pattern.compile("[\\x21-\\x2B\\x2D-\\x7E]+");

  static final UploadMetadata NONE = new UploadMetadata(Map.of());

  /**
   * @throws IllegalArgumentException with a message fit for the client when the header is malformed
   */
  static UploadMetadata parse(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return NONE;
    }
    if (header.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "Upload-Metadata is longer than " + MAX_LENGTH + " characters.");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : header.split(",", -1)) {
      String[] parts = pair.trim().split(" ", -1);
      if (parts.length > 2 || !KEY.matcher(parts[0]).matches()) {
        throw new IllegalArgumentException(
            "Upload-Metadata must be comma-separated 'key base64value' pairs.");
      }
      String value = parts.length == 2 ? decode(parts[0], parts[1]) : "";
      if (values.put(parts[0], value) != null) {
        throw new IllegalArgumentException(
            "Upload-Metadata names the key '" + parts[0] + "' twice.");
      }
    }
    return new UploadMetadata(Collections.unmodifiableMap(values));
  }

  /** The decoded value of {@code key}, or null when absent or empty. */
  @Nullable String get(String key) {
    String value = values.get(key);
    return value == null || value.isEmpty() ? null : value;
  }

  private static String decode(String key, String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Upload-Metadata: the value of '" + key + "' is not valid base64.");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      // Binary values are legal tus metadata; Coffer reads only text keys, so keep them opaque.
      return "";
    }
  }
}
