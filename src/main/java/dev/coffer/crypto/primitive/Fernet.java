package dev.coffer.crypto.primitive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * Fernet (spec version 0x80): AES-128-CBC with PKCS#7 padding, then HMAC-SHA256 over version,
 * timestamp, IV and ciphertext; tokens and keys in URL-safe base64. Tokens interoperate with
 * Python's {@code cryptography.fernet.Fernet}: same format, same 60-second clock-skew allowance,
 * same TTL rule.
 */
public final class Fernet {

  /** Key length: a 16-byte signing key followed by a 16-byte encryption key. */
  public static final int KEY_LENGTH = 32;

  private static final byte VERSION = (byte) 0x80;
  private static final int HEADER = 1 + 8;
  private static final int IV_LENGTH = 16;
  private static final int HMAC_LENGTH = 32;
  private static final int BLOCK = 16;
  private static final long MAX_CLOCK_SKEW_SECONDS = 60;

  private final SecretBytes key;
  private final Clock clock;

  /**
   * @throws IllegalArgumentException unless the key is 32 bytes
   */
  public Fernet(SecretBytes key, Clock clock) {
    if (key.length() != KEY_LENGTH) {
      throw new IllegalArgumentException("a Fernet key is " + KEY_LENGTH + " bytes");
    }
    this.key = key;
    this.clock = clock;
  }

  public Fernet(SecretBytes key) {
    this(key, Clock.systemUTC());
  }

  /**
   * Parses a key in the format Python's {@code Fernet(key)} accepts.
   *
   * @throws IllegalArgumentException unless it is URL-safe base64 of 32 bytes
   */
  public static SecretBytes parseKey(String encoded) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a Fernet key is URL-safe base64");
    }
    if (raw.length != KEY_LENGTH) {
      throw new IllegalArgumentException("a Fernet key encodes " + KEY_LENGTH + " bytes");
    }
    return SecretBytes.copyOf(raw);
  }

  /** The key in the format Python's {@code Fernet(key)} accepts (URL-safe base64, padded). */
  public static String formatKey(SecretBytes key) {
    return Base64.getUrlEncoder().encodeToString(key.toByteArray());
  }

  /** Encrypts with the current time as the token's timestamp. */
  public String encrypt(byte[] plaintext) {
    return encrypt(plaintext, clock.instant().getEpochSecond());
  }

  /**
   * Encrypts with a given timestamp, as when re-encrypting a token under a newer key without
   * changing its age (Python's {@code MultiFernet.rotate} does the same).
   */
  public String encrypt(byte[] plaintext, long timestamp) {
    byte[] iv = new byte[IV_LENGTH];
    SecretBytes.fillRandom(iv);
    return encrypt(plaintext, timestamp, iv);
  }

  /** Encrypts with a caller-chosen IV: only for known-answer tests. */
  String encrypt(byte[] plaintext, long timestamp, byte[] iv) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.ENCRYPT_MODE, key.toKeySpec("AES", BLOCK, BLOCK), new IvParameterSpec(iv));
      int bodyLength = HEADER + IV_LENGTH + cipher.getOutputSize(plaintext.length);
      ByteBuffer token = ByteBuffer.allocate(bodyLength + HMAC_LENGTH);
      token.put(VERSION).putLong(timestamp).put(iv);
      cipher.doFinal(ByteBuffer.wrap(plaintext), token);
      Mac mac = mac();
      mac.update(token.array(), 0, token.position());
      token.put(mac.doFinal());
      return Base64.getUrlEncoder().encodeToString(token.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC or HMAC-SHA256 is not available in this JDK", e);
    }
  }

  /**
   * Checks and decrypts a token.
   *
   * @param ttl the oldest token accepted, or null for no age limit
   * @throws GeneralSecurityException for every kind of bad token, expired ones included
   */
  public Decrypted decrypt(String token, @Nullable Duration ttl) throws GeneralSecurityException {
    byte[] data;
    try {
      data = Base64.getUrlDecoder().decode(token.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw failed();
    }
    int cipherLength = data.length - HEADER - IV_LENGTH - HMAC_LENGTH;
    if (cipherLength < BLOCK || cipherLength % BLOCK != 0 || data[0] != VERSION) {
      throw failed();
    }
    long timestamp = ByteBuffer.wrap(data, 1, 8).getLong();
    long now = clock.instant().getEpochSecond();
    if (timestamp < 0 || now + MAX_CLOCK_SKEW_SECONDS < timestamp) {
      throw failed();
    }
    if (ttl != null && now - timestamp > ttl.toSeconds()) {
      throw failed();
    }
    Mac mac = mac();
    mac.update(data, 0, data.length - HMAC_LENGTH);
    byte[] expected = mac.doFinal();
    if (!MessageDigest.isEqual(
        expected, Arrays.copyOfRange(data, data.length - HMAC_LENGTH, data.length))) {
      throw failed();
    }
    Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        key.toKeySpec("AES", BLOCK, BLOCK),
        new IvParameterSpec(data, HEADER, IV_LENGTH));
    return new Decrypted(cipher.doFinal(data, HEADER + IV_LENGTH, cipherLength), timestamp);
  }

  private Mac mac() throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(key.toKeySpec("HmacSHA256", 0, BLOCK));
    return mac;
  }

  private static GeneralSecurityException failed() {
    return new GeneralSecurityException("decryption failed");
  }

  /**
   * A decrypted token.
   *
   * @param timestamp when the token was made, in seconds since the epoch
   */
  public record Decrypted(byte[] plaintext, long timestamp) {}
}
