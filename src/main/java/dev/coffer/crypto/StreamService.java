package dev.coffer.crypto;

import dev.coffer.crypto.primitive.PrimitiveDecryptionException;
import dev.coffer.crypto.primitive.StreamingAead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
  private final CryptoService crypto;
  private final CryptoMetrics metrics;

  StreamService(KeyService keys, CryptoService crypto, CryptoMetrics metrics) {
    this.keys = keys;
    this.crypto = crypto;
    this.metrics = metrics;
  }

  /** Checks the key and wraps a fresh data key under its latest version; reads nothing yet. */
  StreamingAead.Encryption prepareEncryption(String owner, String name) {
    StoredKey key = streamKey(owner, name);
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
              crypto
                  .seal(key, version, dataKey, NO_ASSOCIATED_DATA, null)
                  .getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the stream cipher is unavailable", e);
    }
  }

  /**
   * Reads the header, unwraps the data key and authenticates the first segment, writing nothing.
   *
   * @throws CryptoProblem the opaque 400 when any of that fails
   */
  StreamingAead.Decryption openDecryption(String owner, String name, InputStream in) {
    StoredKey key = streamKey(owner, name);
    try {
      return StreamingAead.open(in, null, wrapped -> unwrap(key, wrapped));
    } catch (PrimitiveDecryptionException e) {
      metrics.decryptionFailed(key.type());
      throw CryptoProblem.decryptionFailed();
    } catch (IOException e) {
      throw CryptoProblem.invalid("body", "could not be read to the end of the first segment");
    }
  }

  /** Counts a stream that failed after its first segment. */
  void lateFailure(String owner, String name) {
    metrics.decryptionFailed(keys.settings(owner, name).type());
  }

  private byte[] unwrap(StoredKey key, byte[] wrapped) throws GeneralSecurityException {
    try {
      return crypto
          .open(key, new String(wrapped, StandardCharsets.US_ASCII), NO_ASSOCIATED_DATA, null)
          .plaintext();
    } catch (CryptoProblem problem) {
      if (problem.isDecryptionFailure()) {
        throw new GeneralSecurityException("the data key does not unwrap");
      }
      throw problem;
    }
  }

  private StoredKey streamKey(String owner, String name) {
    StoredKey key = keys.settings(owner, name);
    if (!key.type().encryptsStreams()) {
      throw CryptoProblem.operationNotSupported(
          key.type(), "stream encryption", "use an aes256-gcm, chacha20-poly1305 or rsa-* key");
    }
    return key;
  }
}
