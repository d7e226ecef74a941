package dev.coffer.crypto;

import dev.coffer.crypto.CryptoDtos.HmacResponse;
import dev.coffer.crypto.CryptoDtos.SignRequest;
import dev.coffer.crypto.CryptoDtos.SignResponse;
import dev.coffer.crypto.CryptoDtos.VerifyRequest;
import dev.coffer.crypto.primitive.HmacSha256;
import dev.coffer.crypto.primitive.SecretBytes;
import dev.coffer.crypto.primitive.Signatures;
import java.util.Arrays;
import org.springframework.stereotype.Service;

/**
 * Signatures (RSA-PSS, Ed25519, ECDSA P-256 with the asymmetric keys) and HMAC-SHA256 (every key,
 * with its per-version subkey). Both come out as {@code coffer:v<N>:<base64>}; sign and hmac use
 * the latest version (or a chosen one at or above the encryption floor), verify accepts the
 * versions from {@code minDecryptionVersion} up.
 */
@Service
class SigningService {

  private final KeyService keys;

  SigningService(KeyService keys) {
    this.keys = keys;
  }

  SignResponse sign(String owner, String name, SignRequest request) {
    StoredKey key = keys.settings(owner, name);
    if (!key.type().signs()) {
      throw CryptoProblem.operationNotSupported(
          key.type(),
          "signing",
          "use hmac for a keyed digest, or an rsa-*, ed25519 or ecdsa-p256 key");
    }
    int version = CryptoService.encryptionVersion(key, request.keyVersion());
    byte[] input = Base64Fields.bytesOrText("input", request.input(), request.text());
    byte[] signature = Signatures.sign(keys.keyPair(key, version).getPrivate(), input);
    return new SignResponse(Ciphertexts.format(version, signature), version);
  }

  HmacResponse hmac(String owner, String name, SignRequest request) {
    StoredKey key = keys.settings(owner, name);
    int version = CryptoService.encryptionVersion(key, request.keyVersion());
    byte[] input = Base64Fields.bytesOrText("input", request.input(), request.text());
    return new HmacResponse(Ciphertexts.format(version, mac(key, version, input)), version);
  }

  /**
   * Checks a signature or an HMAC (exactly one of the two fields). A value that is not of the
   * {@code coffer:v<N>:<base64>} shape, or names a version the key no longer (or never) had, is a
   * 400 naming the field; a well-formed value that does not match is {@code false}.
   */
  boolean verify(String owner, String name, VerifyRequest request) {
    StoredKey key = keys.settings(owner, name);
    if ((request.signature() == null) == (request.hmac() == null)) {
      throw CryptoProblem.invalid(
          "signature", "give exactly one of signature (from sign) and hmac (from hmac)");
    }
    boolean isSignature = request.signature() != null;
    String field = isSignature ? "signature" : "hmac";
    if (isSignature && !key.type().signs()) {
      throw CryptoProblem.operationNotSupported(key.type(), "signatures", "verify an hmac instead");
    }
    byte[] input = Base64Fields.bytesOrText("input", request.input(), request.text());
    Ciphertexts.Parsed parsed =
        Ciphertexts.tryParse(isSignature ? request.signature() : request.hmac())
            .orElseThrow(() -> CryptoProblem.invalid(field, "must be coffer:v<N>:<base64>"));
    int version = parsed.version();
    if (version > key.latestVersion() || version < 1) {
      throw CryptoProblem.invalid(field, "key '" + key.name() + "' has no version " + version);
    }
    if (version < key.minDecryptionVersion()) {
      throw CryptoProblem.invalid(
          field,
          "version "
              + version
              + " is below the key's minDecryptionVersion "
              + key.minDecryptionVersion());
    }
    if (isSignature) {
      return Signatures.verify(keys.keyPair(key, version).getPublic(), input, parsed.sealed());
    }
    byte[] subkey = keys.hmacKey(key, version).toByteArray();
    try {
      return HmacSha256.verify(subkey, input, parsed.sealed());
    } finally {
      Arrays.fill(subkey, (byte) 0);
    }
  }

  private byte[] mac(StoredKey key, int version, byte[] input) {
    SecretBytes secret = keys.hmacKey(key, version);
    byte[] subkey = secret.toByteArray();
    try {
      return HmacSha256.mac(subkey, input);
    } finally {
      Arrays.fill(subkey, (byte) 0);
    }
  }
}
