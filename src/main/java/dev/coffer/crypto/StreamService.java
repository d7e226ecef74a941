package dev.coffer.crypto;

import dev.coffer.crypto.CryptoMetrics.Operation;
import dev.coffer.crypto.CryptoMetrics.Outcome;
import dev.coffer.crypto.primitive.PrimitiveDecryptionException;
import dev.coffer.crypto.primitive.StreamingAead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * Streams of any size in the COFS format ({@code docs/stream-format.md}): a fresh data key per
 * stream, wrapped by the named key into the string its {@code encrypt} returns ({@code
 * coffer:v<N>:…}), which the header carries. Both directions come in two steps, so that everything
 * that can go wrong before the first byte of output becomes an ordinary problem response.
 */
@Service
class StreamService {

  private static final byte[] NO_ASSOCIATED_DATA = new byte[0];

  private final KeyService keys;
  private final KeyCipher keyCipher;
  private final CryptoMetrics metrics;

  StreamService(KeyService keys, KeyCipher keyCipher, CryptoMetrics metrics) {
    this.keys = keys;
    this.keyCipher = keyCipher;
    this.metrics = metrics;
  }

  /**
   * Checks the key and wraps a fresh data key under its latest version; reads nothing yet. A
   * refusal is counted here, the stream itself when it has been written.
   */
  Encrypting prepareEncryption(String owner, String name) {
    StoredKey key = keys.settings(owner, name);
    StreamingAead.Encryption encryption =
        rejectionsCounted(Operation.ENCRYPT_STREAM, key, () -> prepare(streamKey(key)));
    return new Encrypting(key.type(), encryption);
  }

  /**
   * Reads the header, unwraps the data key and authenticates the first segment, writing nothing.
   *
   * @throws CryptoProblem the opaque 400 when any of that fails
   */
  Decrypting openDecryption(String owner, String name, InputStream in) {
    StoredKey key = keys.settings(owner, name);
    StreamingAead.Decryption decryption =
        rejectionsCounted(
            Operation.DECRYPT_STREAM,
            key,
            () -> {
              streamKey(key);
              try {
                return StreamingAead.open(in, null, wrapped -> unwrap(key, wrapped));
              } catch (PrimitiveDecryptionException e) {
                throw CryptoProblem.decryptionFailed();
              } catch (IOException e) {
                throw CryptoProblem.invalid(
                    "body", "could not be read to the end of the first segment");
              }
            });
    return new Decrypting(key.type(), decryption);
  }

  /** An encryption ready to stream; counts itself when it ends. */
  final class Encrypting {
    private final KeyType type;
    private final StreamingAead.Encryption encryption;

    private Encrypting(KeyType type, StreamingAead.Encryption encryption) {
      this.type = type;
      this.encryption = encryption;
    }

    /** Streams {@code in} to {@code out} encrypted; a broken-off body counts as aborted. */
    long writeTo(InputStream in, OutputStream out) throws IOException, GeneralSecurityException {
      try {
        long bytes = encryption.writeTo(in, out);
        metrics.record(Operation.ENCRYPT_STREAM, type, Outcome.OK, bytes);
        return bytes;
      } catch (IOException | GeneralSecurityException e) {
        metrics.record(Operation.ENCRYPT_STREAM, type, Outcome.ABORTED, 0);
        throw e;
      }
    }
  }

  /** A decryption whose first segment is authenticated; counts itself when it ends. */
  final class Decrypting {
    private final KeyType type;
    private final StreamingAead.Decryption decryption;

    private Decrypting(KeyType type, StreamingAead.Decryption decryption) {
      this.type = type;
      this.decryption = decryption;
    }

    /**
     * Writes the plaintext to {@code out}: ok when the last segment verified, failed when a later
     * segment does not, aborted when either side's stream broke.
     */
    long writeTo(OutputStream out) throws IOException, PrimitiveDecryptionException {
      try {
        long bytes = decryption.writeTo(out);
        metrics.record(Operation.DECRYPT_STREAM, type, Outcome.OK, bytes);
        return bytes;
      } catch (PrimitiveDecryptionException e) {
        metrics.record(Operation.DECRYPT_STREAM, type, Outcome.FAILED, 0);
        throw e;
      } catch (IOException e) {
        metrics.record(Operation.DECRYPT_STREAM, type, Outcome.ABORTED, 0);
        throw e;
      }
    }
  }

  private StreamingAead.Encryption prepare(StoredKey key) {
    int version = CryptoService.encryptionVersion(key, null);
    StreamingAead.Cipher cipher =
        key.type() == KeyType.CHACHA20_POLY1305
            ? StreamingAead.Cipher.CHACHA20_POLY1305
            : StreamingAead.Cipher.AES_256_GCM;
    try {
      return StreamingAead.prepare(
          cipher,
          StreamingAead.DEFAULT_SEGMENT_SIZE,
          null,
          dataKey ->
              keyCipher
                  .seal(key, version, dataKey, NO_ASSOCIATED_DATA, null)
                  .getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the stream cipher is unavailable", e);
    }
  }

  /** Runs the steps before a stream's first byte, counting a refusal (or failure) among them. */
  private <T> T rejectionsCounted(Operation operation, StoredKey key, Supplier<T> steps) {
    try {
      return steps.get();
    } catch (CryptoProblem problem) {
      metrics.refused(operation, key.type(), problem);
      throw problem;
    }
  }

  private byte[] unwrap(StoredKey key, byte[] wrapped) throws GeneralSecurityException {
    try {
      return keyCipher
          .open(key, new String(wrapped, StandardCharsets.US_ASCII), NO_ASSOCIATED_DATA, null)
          .plaintext();
    } catch (CryptoProblem problem) {
      if (problem.isDecryptionFailure()) {
        throw new GeneralSecurityException("the data key does not unwrap");
      }
      throw problem;
    }
  }

  private static StoredKey streamKey(StoredKey key) {
    if (!key.type().encryptsStreams()) {
      throw CryptoProblem.operationNotSupported(
          key.type(), "stream encryption", "use an aes256-gcm, chacha20-poly1305 or rsa-* key");
    }
    return key;
  }
}
