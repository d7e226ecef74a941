package dev.coffer.crypto;

import dev.coffer.web.ApiException;
import org.springframework.http.HttpStatus;

/** The ways a key or crypto operation can be refused. */
final class CryptoProblem extends ApiException {

  static final String DECRYPTION_FAILED = "decryption failed";
  private static final String DECRYPTION_FAILED_CODE = "decryption-failed";

  private CryptoProblem(HttpStatus status, String code, String detail) {
    super(status, code, detail);
  }

  static CryptoProblem keyNotFound(String name) {
    return new CryptoProblem(HttpStatus.NOT_FOUND, "key-not-found", "No key '" + name + "'.");
  }

  static CryptoProblem keyExists(String name) {
    return new CryptoProblem(
        HttpStatus.CONFLICT, "key-exists", "A key named '" + name + "' already exists.");
  }

  /** A bad input field; the detail starts with the field's name. */
  static CryptoProblem invalid(String field, String message) {
    return new CryptoProblem(HttpStatus.BAD_REQUEST, "invalid-request", field + ": " + message);
  }

  static CryptoProblem operationNotSupported(KeyType type, String operation) {
    return new CryptoProblem(
        HttpStatus.BAD_REQUEST,
        "operation-not-supported",
        "Keys of type '" + type.id() + "' do not support " + operation + ".");
  }

  /** The same refusal with a hint at what the key type does instead. */
  static CryptoProblem operationNotSupported(KeyType type, String operation, String instead) {
    return new CryptoProblem(
        HttpStatus.BAD_REQUEST,
        "operation-not-supported",
        "Keys of type '" + type.id() + "' do not support " + operation + "; " + instead + ".");
  }

  /** One opaque answer for every decryption failure, whatever its cause. */
  static CryptoProblem decryptionFailed() {
    return new CryptoProblem(HttpStatus.BAD_REQUEST, DECRYPTION_FAILED_CODE, DECRYPTION_FAILED);
  }

  boolean isDecryptionFailure() {
    return code().equals(DECRYPTION_FAILED_CODE);
  }

  static CryptoProblem notExportable(String name) {
    return new CryptoProblem(
        HttpStatus.FORBIDDEN,
        "key-not-exportable",
        "Key '" + name + "' is not exportable; PATCH it with exportable=true first.");
  }

  static CryptoProblem deletionNotAllowed(String name) {
    return new CryptoProblem(
        HttpStatus.CONFLICT,
        "key-deletion-not-allowed",
        "Key '" + name + "' may not be deleted; PATCH it with deletionAllowed=true first.");
  }

  static CryptoProblem versionNotFound(String name, int version) {
    return new CryptoProblem(
        HttpStatus.NOT_FOUND,
        "key-version-not-found",
        "Key '" + name + "' has no version " + version + ".");
  }

  static CryptoProblem batchTooLarge(int max) {
    return new CryptoProblem(
        HttpStatus.BAD_REQUEST, "batch-too-large", "batch: at most " + max + " items per request.");
  }

  /**
   * Stored key material that does not unwrap: the row was altered or moved, or the master key is
   * not the one it was wrapped under. The service refuses rather than guess.
   */
  static CryptoProblem keyUnavailable(String name) {
    return new CryptoProblem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "key-unavailable",
        "The stored material of key '"
            + name
            + "' does not unwrap under this server's master key; it was altered, or the master"
            + " key is not the one it was stored under. Nothing was done.");
  }
}
