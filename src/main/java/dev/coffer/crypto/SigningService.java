package dev.coffer.crypto;

import dev.coffer.crypto.CryptoDtos.HmacResponse;
import dev.coffer.crypto.CryptoDtos.SignRequest;
import dev.coffer.crypto.CryptoDtos.SignResponse;
import dev.coffer.crypto.CryptoDtos.VerifyRequest;
import dev.coffer.crypto.CryptoMetrics.Operation;
import dev.coffer.crypto.primitive.HmacSha256;
import dev.coffer.crypto.primitive.SecretBytes;
import dev.coffer.crypto.primitive.Signatures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.springframework.stereotype.Service;

/**
 * Signatures (RSA-PSS, Ed25519, ECDSA P-256 with the asymmetric keys) and HMAC-SHA256 (every key,
 * with its per-version subkey). Both come out as {@code coffer:v<N>:<base64>}; sign and hmac use
 * the latest version (or a chosen one at or above the encryption floor), verify accepts the
 * versions from {@code minDecryptionVersion} up. The stream variants read a raw body of any size at
 * constant memory (see {@link Signatures#signStream} for what each key type signs then).
 */
@Service
class SigningService {

  /** The header that carries the signature to verify-stream, the body being the message. */
  static final String SIGNATURE_HEADER = "Coffer-Signature";

  private final KeyService keys;
  private final CryptoMetrics metrics;

  SigningService(KeyService keys, CryptoMetrics metrics) {
    this.keys = keys;
    this.metrics = metrics;
  }

  SignResponse sign(String owner, String name, SignRequest request) {
    StoredKey key = keys.settings(owner, name);
    return metrics.count(
        Operation.SIGN,
        key.type(),
        sample -> {
          int version = CryptoService.encryptionVersion(requireSigns(key), request.keyVersion());
          byte[] input = Base64Fields.bytesOrText("input", request.input(), request.text());
          sample.bytes(input.length);
          byte[] signature = Signatures.sign(keys.keyPair(key, version).getPrivate(), input);
          return new SignResponse(Ciphertexts.format(version, signature), version);
        });
  }

  /**
   * Signs the whole of {@code body}, read in pieces.
   *
   * @throws UncheckedIOException when the body broke off (counted as aborted)
   */
  SignResponse signStream(String owner, String name, Integer keyVersion, InputStream body) {
    StoredKey key = keys.settings(owner, name);
    return metrics.count(
        Operation.SIGN_STREAM,
        key.type(),
        sample -> {
          int version = CryptoService.encryptionVersion(requireSigns(key), keyVersion);
          CountedInput counted = new CountedInput(body);
          byte[] signature;
          try {
            signature = Signatures.signStream(keys.keyPair(key, version).getPrivate(), counted);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          sample.bytes(counted.count());
          return new SignResponse(Ciphertexts.format(version, signature), version);
        });
  }

  HmacResponse hmac(String owner, String name, SignRequest request) {
    StoredKey key = keys.settings(owner, name);
    return metrics.count(
        Operation.HMAC,
        key.type(),
        sample -> {
          int version = CryptoService.encryptionVersion(key, request.keyVersion());
          byte[] input = Base64Fields.bytesOrText("input", request.input(), request.text());
          sample.bytes(input.length);
          return new HmacResponse(Ciphertexts.format(version, mac(key, version, input)), version);
        });
  }

  /**
   * Checks a signature or an HMAC (exactly one of the two fields). A value that is not of the
   * {@code coffer:v<N>:<base64>} shape, or names a version the key no longer (or never) had, is a
   * 400 naming the field; a well-formed value that does not match is {@code false}.
   */
  boolean verify(String owner, String name, VerifyRequest request) {
    StoredKey key = keys.settings(owner, name);
    boolean isSignature = request.signature() != null;
    return metrics.count(
        isSignature || request.hmac() == null ? Operation.VERIFY : Operation.HMAC_VERIFY,
        key.type(),
        sample -> {
          if (isSignature == (request.hmac() != null)) {
            throw CryptoProblem.invalid(
                "signature", "give exactly one of signature (from sign) and hmac (from hmac)");
          }
          if (isSignature && !key.type().signs()) {
            throw CryptoProblem.operationNotSupported(
                key.type(), "signatures", "verify an hmac instead");
          }
          byte[] input = Base64Fields.bytesOrText("input", request.input(), request.text());
          String field = isSignature ? "signature" : "hmac";
          Ciphertexts.Parsed parsed =
              parse(key, field, isSignature ? request.signature() : request.hmac());
          sample.bytes(input.length);
          boolean valid =
              isSignature
                  ? Signatures.verify(
                      keys.keyPair(key, parsed.version()).getPublic(), input, parsed.sealed())
                  : verifyMac(key, parsed, input);
          if (!valid) {
            sample.failed();
          }
          return valid;
        });
  }

  /**
   * Checks a signature from {@link #signStream} over the whole of {@code body}; the rules for the
   * signature value are those of {@link #verify}, the field being the {@value #SIGNATURE_HEADER}
   * header.
   *
   * @throws UncheckedIOException when the body broke off (counted as aborted)
   */
  boolean verifyStream(String owner, String name, String signature, InputStream body) {
    StoredKey key = keys.settings(owner, name);
    return metrics.count(
        Operation.VERIFY_STREAM,
        key.type(),
        sample -> {
          requireSigns(key);
          if (signature == null || signature.isBlank()) {
            throw CryptoProblem.invalid(
                SIGNATURE_HEADER, "is required: the coffer:v<N>:<base64> from sign-stream");
          }
          Ciphertexts.Parsed parsed = parse(key, SIGNATURE_HEADER, signature.strip());
          CountedInput counted = new CountedInput(body);
          boolean valid;
          try {
            valid =
                Signatures.verifyStream(
                    keys.keyPair(key, parsed.version()).getPublic(), counted, parsed.sealed());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          sample.bytes(counted.count());
          if (!valid) {
            sample.failed();
          }
          return valid;
        });
  }

  private static StoredKey requireSigns(StoredKey key) {
    if (!key.type().signs()) {
      throw CryptoProblem.operationNotSupported(
          key.type(),
          "signing",
          "use hmac for a keyed digest, or an rsa-*, ed25519 or ecdsa-p256 key");
    }
    return key;
  }

  /** A signature or HMAC value, refused with a 400 naming {@code field} unless usable. */
  private static Ciphertexts.Parsed parse(StoredKey key, String field, String value) {
    Ciphertexts.Parsed parsed =
        Ciphertexts.tryParse(value)
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
    return parsed;
  }

  private boolean verifyMac(StoredKey key, Ciphertexts.Parsed parsed, byte[] input) {
    byte[] subkey = keys.hmacKey(key, parsed.version()).toByteArray();
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
