package dev.coffer.crypto;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Base64;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Crypto settings.
 *
 * @param masterKey base64 of 32 bytes that wrap every stored key; empty means use (or create) the
 *     0600 file {@code <storage>/master.key}
 * @param maxBatchItems the most items one batch encrypt, decrypt or rewrap may carry
 * @param keyCacheSize unwrapped key versions kept in memory, so that hot keys skip the unwrap
 * @param keyCacheTtl how long an unwrapped key version stays in memory unused
 */
@Validated
@ConfigurationProperties("coffer.crypto")
public record CryptoProperties(
    String masterKey,
    @Min(1) @Max(100_000) @DefaultValue("1000") int maxBatchItems,
    @Min(0) @DefaultValue("10000") long keyCacheSize,
    @NotNull @DefaultValue("10m") Duration keyCacheTtl) {

  public static final String MASTER_KEY_SETTING = "coffer.crypto.master-key (COFFER_MASTER_KEY)";

  public CryptoProperties {
    if (masterKey != null && masterKey.isBlank()) {
      masterKey = null;
    }
    if (masterKey != null) {
      decodeMasterKey(masterKey, MASTER_KEY_SETTING);
    }
  }

  /**
   * @throws IllegalArgumentException naming {@code source} unless the value is base64 of 32 bytes
   */
  static byte[] decodeMasterKey(String value, String source) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(value.trim());
    } catch (IllegalArgumentException e) {
      raw = null;
    }
    if (raw == null || raw.length != 32) {
      throw new IllegalArgumentException(
          source
              + " must be the standard base64 of exactly 32 random bytes (for example the output"
              + " of `openssl rand -base64 32`); the value given is not.");
    }
    return raw;
  }

  @Override
  public String toString() {
    return "CryptoProperties[masterKey="
        + (masterKey == null ? "unset" : "set")
        + ", maxBatchItems="
        + maxBatchItems
        + "]";
  }
}
