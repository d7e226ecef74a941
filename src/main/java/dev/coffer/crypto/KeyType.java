package dev.coffer.crypto;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The key types of the API and what each can do. Each names how its material is stored (encoded,
 * then wrapped): raw bytes for the symmetric types, canonical PKCS#8 DER for the asymmetric ones.
 * Every type computes HMACs (with the per-version subkey).
 */
enum KeyType {
  AES256_GCM("aes256-gcm", Family.SYMMETRIC, 0),
  CHACHA20_POLY1305("chacha20-poly1305", Family.SYMMETRIC, 0),
  FERNET("fernet", Family.SYMMETRIC, 0),
  RSA_2048("rsa-2048", Family.RSA, 2048),
  RSA_3072("rsa-3072", Family.RSA, 3072),
  RSA_4096("rsa-4096", Family.RSA, 4096),
  ED25519("ed25519", Family.SIGNING, 0),
  ECDSA_P256("ecdsa-p256", Family.SIGNING, 0);

  static final KeyType DEFAULT = AES256_GCM;

  private enum Family {
    SYMMETRIC,
    RSA,
    SIGNING
  }

  private final String id;
  private final Family family;
  private final int rsaBits;

  KeyType(String id, Family family, int rsaBits) {
    this.id = id;
    this.family = family;
    this.rsaBits = rsaBits;
  }

  @JsonValue
  String id() {
    return id;
  }

  /** RSA, Ed25519 and ECDSA keys: a private key in PKCS#8, with a public key to publish. */
  boolean asymmetric() {
    return family != Family.SYMMETRIC;
  }

  boolean isRsa() {
    return family == Family.RSA;
  }

  /** The RSA modulus size, for RSA types only. */
  int rsaBits() {
    return rsaBits;
  }

  /** Encrypt, decrypt, rewrap and data keys: every type but the signing-only ones. */
  boolean encrypts() {
    return family != Family.SIGNING;
  }

  /** Sign and verify: the asymmetric types. */
  boolean signs() {
    return asymmetric();
  }

  /** Streams: the types whose ciphertext is {@code coffer:v<N>:…} (not Fernet, not signing). */
  boolean encryptsStreams() {
    return encrypts() && this != FERNET;
  }

  static Optional<KeyType> byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }

  static String ids() {
    return Arrays.stream(values()).map(KeyType::id).collect(Collectors.joining(", "));
  }
}
