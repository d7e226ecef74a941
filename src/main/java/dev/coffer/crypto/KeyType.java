package dev.coffer.crypto;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The key types of the API. Each names how its material is stored (encoded, then wrapped): raw
 * bytes for the symmetric types, PKCS#8 for the asymmetric ones.
 */
enum KeyType {
  AES256_GCM("aes256-gcm", true),
  CHACHA20_POLY1305("chacha20-poly1305", true),
  FERNET("fernet", true),
  RSA_2048("rsa-2048", false),
  RSA_3072("rsa-3072", false),
  RSA_4096("rsa-4096", false),
  ED25519("ed25519", false),
  ECDSA_P256("ecdsa-p256", false);

  static final KeyType DEFAULT = AES256_GCM;

  private final String id;
  private final boolean supported;

  KeyType(String id, boolean supported) {
    this.id = id;
    this.supported = supported;
  }

  @JsonValue
  String id() {
    return id;
  }

  /** Whether keys of this type can be created and used yet. */
  boolean supported() {
    return supported;
  }

  static Optional<KeyType> byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }

  static String supportedIds() {
    return Arrays.stream(values())
        .filter(KeyType::supported)
        .map(KeyType::id)
        .collect(Collectors.joining(", "));
  }
}
