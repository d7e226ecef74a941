package dev.coffer.crypto;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Request and response bodies of the crypto endpoints. Binary values are standard base64. */
final class CryptoDtos {

  static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
  static final String NAME_RULE =
      "1-128 letters, digits, '.', '_' or '-', starting with a letter or digit";

  private CryptoDtos() {}

  record NewKey(
      @NotNull @Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String name,
      @Schema(
              description =
                  "aes256-gcm (default), chacha20-poly1305, fernet, rsa-2048, rsa-3072, rsa-4096,"
                      + " ed25519 or ecdsa-p256")
          String type,
      Boolean exportable,
      Boolean deletionAllowed) {}

  record ImportedKey(
      @NotNull @Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String name,
      @NotNull String type,
      @NotNull
          @Schema(
              description =
                  "in the export format: base64 of 32 bytes (aes256-gcm, chacha20-poly1305), a"
                      + " Fernet key (fernet), or an unencrypted PEM private key (rsa-*, ed25519,"
                      + " ecdsa-p256; PKCS#8, PKCS#1 or SEC 1)")
          String key,
      Boolean exportable,
      Boolean deletionAllowed) {}

  record KeyInfo(
      String name,
      KeyType type,
      int latestVersion,
      int minDecryptionVersion,
      int minEncryptionVersion,
      boolean exportable,
      boolean deletionAllowed,
      OffsetDateTime createdAt,
      List<VersionInfo> versions,
      @Schema(description = "PEM public key of the latest version; asymmetric types only")
          @Nullable String publicKey) {

    static KeyInfo of(StoredKey key, @Nullable String publicKey) {
      return new KeyInfo(
          key.name(),
          key.type(),
          key.latestVersion(),
          key.minDecryptionVersion(),
          key.minEncryptionVersion(),
          key.exportable(),
          key.deletionAllowed(),
          key.createdAt(),
          key.versions().stream().map(v -> new VersionInfo(v.version(), v.created())).toList(),
          publicKey);
    }
  }

  record VersionInfo(int version, OffsetDateTime created) {}

  record ExportedKeys(String name, KeyType type, Map<String, String> keys) {}

  record EncryptRequest(
      String plaintext,
      String text,
      String associatedData,
      Integer keyVersion,
      List<EncryptItem> batch) {}

  record EncryptItem(String plaintext, String text, String associatedData, String reference) {}

  record EncryptResponse(
      @Nullable String ciphertext,
      @Nullable Integer keyVersion,
      @Nullable List<EncryptResult> batch) {}

  record EncryptResult(
      @Nullable String ciphertext,
      @Nullable Integer keyVersion,
      @Nullable String error,
      @Nullable String reference) {}

  record DecryptRequest(
      String ciphertext, String associatedData, Long ttlSeconds, List<DecryptItem> batch) {}

  record DecryptItem(String ciphertext, String associatedData, @Nullable String reference) {}

  record DecryptResponse(
      @Nullable String plaintext, @Nullable String text, @Nullable List<DecryptResult> batch) {}

  record DecryptResult(
      @Nullable String plaintext,
      @Nullable String text,
      @Nullable String error,
      @Nullable String reference) {}

  record RewrapRequest(
      String ciphertext,
      String associatedData,
      Integer keyVersion,
      Long ttlSeconds,
      List<DecryptItem> batch) {}

  record DatakeyRequest(Integer bits, Boolean includePlaintext, String associatedData) {}

  record DatakeyResponse(String ciphertext, @Nullable String plaintext, int keyVersion) {}

  record SignRequest(
      @Schema(description = "the message, base64") String input,
      @Schema(description = "the message as UTF-8 text, instead of input") String text,
      @Schema(description = "the version to use; default the latest") Integer keyVersion) {}

  record SignResponse(String signature, int keyVersion) {}

  record HmacResponse(String hmac, int keyVersion) {}

  record VerifyRequest(
      @Schema(description = "the message, base64") String input,
      @Schema(description = "the message as UTF-8 text, instead of input") String text,
      @Schema(description = "coffer:v<N>:<base64> from sign; give this or hmac") String signature,
      @Schema(description = "coffer:v<N>:<base64> from hmac; give this or signature")
          String hmac) {}

  record VerifyResponse(boolean valid) {}

  record RandomRequest(Integer bytes, String format) {}

  record RandomResponse(String random) {}

  record HashRequest(String input, String algorithm) {}

  record HashResponse(String sum) {}
}
