package dev.coffer.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Decodes base64 request fields, naming the field when one is malformed. */
final class Base64Fields {

  private static final byte[] EMPTY = new byte[0];

  private Base64Fields() {}

  /**
   * @throws CryptoProblem 400 naming {@code field} unless the value is standard base64
   */
  static byte[] decode(String field, String value) {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw CryptoProblem.invalid(field, "is not valid base64 (RFC 4648 §4)");
    }
  }

  /** An optional base64 field: absent means empty. */
  static byte[] decodeOptional(String field, String value) {
    return value == null ? EMPTY : decode(field, value);
  }

  /**
   * Exactly one of a base64 field and its UTF-8 text alternative.
   *
   * @param prefix the field path before the names, such as {@code batch[2].}, or empty
   */
  static byte[] plaintextOrText(String prefix, String plaintext, String text) {
    return bytesOrText(prefix + "plaintext", plaintext, text);
  }

  /**
   * Exactly one of the base64 field {@code field} and the UTF-8 alternative {@code text}.
   *
   * @param field the full name of the base64 field, such as {@code batch[2].plaintext}
   */
  static byte[] bytesOrText(String field, String base64, String text) {
    if (base64 != null && text != null) {
      throw CryptoProblem.invalid(field, "give either " + leaf(field) + " or text, not both");
    }
    if (text != null) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    if (base64 == null) {
      throw CryptoProblem.invalid(
          field, "is required (base64), or give the UTF-8 field text instead");
    }
    return decode(field, base64);
  }

  private static String leaf(String field) {
    return field.substring(field.lastIndexOf('.') + 1);
  }
}
