package dev.coffer.crypto;

import dev.coffer.crypto.CryptoDtos.ExportedKeys;
import dev.coffer.crypto.CryptoDtos.ImportedKey;
import dev.coffer.crypto.CryptoDtos.KeyInfo;
import dev.coffer.crypto.CryptoDtos.NewKey;
import dev.coffer.crypto.KeyService.KeyPatch;
import dev.coffer.security.CofferPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/keys")
@Tag(name = "Keys", description = "My named, versioned encryption keys")
class KeyController {

  private final KeyService keys;

  KeyController(KeyService keys) {
    this.keys = keys;
  }

  @PostMapping
  @Operation(
      operationId = "createKey",
      summary = "Create a key",
      description =
          "Types: aes256-gcm (default), chacha20-poly1305, fernet, rsa-2048, rsa-3072, rsa-4096"
              + " (encrypt, sign), ed25519, ecdsa-p256 (sign only). A name already taken → 409."
              + " Asymmetric keys show their latest public key as publicKey (PEM).")
  ResponseEntity<KeyInfo> create(
      @AuthenticationPrincipal CofferPrincipal me, @Valid @RequestBody NewKey request) {
    StoredKey key =
        keys.create(
            me.username(),
            request.name(),
            request.type(),
            Boolean.TRUE.equals(request.exportable()),
            Boolean.TRUE.equals(request.deletionAllowed()));
    return ResponseEntity.status(HttpStatus.CREATED).body(info(key));
  }

  @PostMapping("/import")
  @Operation(
      operationId = "importKey",
      summary = "Import a key (bring your own)",
      description =
          "The key in the export format: base64 of 32 bytes for aes256-gcm and chacha20-poly1305,"
              + " a Fernet key string (as Python's Fernet.generate_key()) for fernet, an"
              + " unencrypted PEM private key (PKCS#8, PKCS#1 or SEC 1) of the named type for"
              + " rsa-*, ed25519 and ecdsa-p256.")
  ResponseEntity<KeyInfo> importKey(
      @AuthenticationPrincipal CofferPrincipal me, @Valid @RequestBody ImportedKey request) {
    StoredKey key =
        keys.importKey(
            me.username(),
            request.name(),
            request.type(),
            request.key(),
            Boolean.TRUE.equals(request.exportable()),
            Boolean.TRUE.equals(request.deletionAllowed()));
    return ResponseEntity.status(HttpStatus.CREATED).body(info(key));
  }

  @GetMapping
  @Operation(
      operationId = "listKeys",
      summary = "List my keys",
      description = "Settings and versions, never material.")
  List<KeyInfo> list(@AuthenticationPrincipal CofferPrincipal me) {
    return keys.list(me.username()).stream().map(this::info).toList();
  }

  @GetMapping("/{name}")
  @Operation(
      operationId = "getKey",
      summary = "Read a key",
      description = "Settings and versions, never material.")
  KeyInfo get(@AuthenticationPrincipal CofferPrincipal me, @PathVariable String name) {
    return info(keys.get(me.username(), name));
  }

  @PatchMapping("/{name}")
  @Operation(
      operationId = "updateKey",
      summary = "Change a key's settings",
      description =
          "minDecryptionVersion, minEncryptionVersion (0 = no floor), deletionAllowed, exportable"
              + " (false → true only, never back).")
  KeyInfo update(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      @RequestBody KeyPatch patch) {
    return info(keys.update(me.username(), name, patch));
  }

  @DeleteMapping("/{name}")
  @Operation(
      operationId = "deleteKey",
      summary = "Delete a key",
      description = "Only when deletionAllowed is true (else 409); its ciphertexts become junk.")
  ResponseEntity<Void> delete(
      @AuthenticationPrincipal CofferPrincipal me, @PathVariable String name) {
    keys.delete(me.username(), name);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{name}/rotate")
  @Operation(
      operationId = "rotateKey",
      summary = "Rotate a key",
      description = "Adds a new latest version; older versions still decrypt.")
  KeyInfo rotate(@AuthenticationPrincipal CofferPrincipal me, @PathVariable String name) {
    return info(keys.rotate(me.username(), name));
  }

  @GetMapping("/{name}/export")
  @Operation(
      operationId = "exportKey",
      summary = "Export a key",
      description =
          "403 unless the key is exportable. version=latest (default), all or a number. fernet:"
              + " the key string Python's Fernet(key) accepts; AES and ChaCha: base64 raw key; RSA"
              + " and EC: PKCS#8 PEM (BEGIN PRIVATE KEY).")
  ExportedKeys export(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      @RequestParam(required = false) String version) {
    StoredKey key = keys.settings(me.username(), name);
    return new ExportedKeys(key.name(), key.type(), keys.export(me.username(), name, version));
  }

  private KeyInfo info(StoredKey key) {
    return KeyInfo.of(key, keys.publicKeyPem(key));
  }
}
