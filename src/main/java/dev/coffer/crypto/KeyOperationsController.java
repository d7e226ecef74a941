package dev.coffer.crypto;

import dev.coffer.crypto.CryptoDtos.DatakeyRequest;
import dev.coffer.crypto.CryptoDtos.DatakeyResponse;
import dev.coffer.crypto.CryptoDtos.DecryptRequest;
import dev.coffer.crypto.CryptoDtos.DecryptResponse;
import dev.coffer.crypto.CryptoDtos.EncryptRequest;
import dev.coffer.crypto.CryptoDtos.EncryptResponse;
import dev.coffer.crypto.CryptoDtos.RewrapRequest;
import dev.coffer.disk.NoDiskGate;
import dev.coffer.security.CofferPrincipal;
import dev.coffer.web.JsonBodyTooLargeHint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@NoDiskGate
@JsonBodyTooLargeHint(
    "split a batch into smaller ones, or send a larger input as the raw body of encrypt-stream and"
        + " decrypt-stream, which take any size.")
@RequestMapping("/api/v1/keys/{name}")
@Tag(name = "Encryption", description = "Encrypt, decrypt, rewrap and data keys with a named key")
class KeyOperationsController {

  private final CryptoService crypto;

  KeyOperationsController(CryptoService crypto) {
    this.crypto = crypto;
  }

  @PostMapping("/encrypt")
  @Operation(
      summary = "Encrypt",
      description =
          "{plaintext} (base64) or {text} (UTF-8), optional associatedData (not for fernet) and"
              + " keyVersion; or {batch: [...]} with per-item results in input order. Ciphertext:"
              + " coffer:v<N>:<base64>, or a standard Fernet token for fernet keys.")
  EncryptResponse encrypt(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      @RequestBody EncryptRequest request) {
    return crypto.encrypt(me.username(), name, request);
  }

  @PostMapping("/decrypt")
  @Operation(
      summary = "Decrypt",
      description =
          "{ciphertext, associatedData?} or a batch; fernet keys also take ttlSeconds and try"
              + " every allowed version. Any failure → 400 \"decryption failed\". text is present"
              + " when the plaintext is valid UTF-8.")
  DecryptResponse decrypt(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      @RequestBody DecryptRequest request) {
    return crypto.decrypt(me.username(), name, request);
  }

  @PostMapping("/rewrap")
  @Operation(
      summary = "Rewrap",
      description =
          "Re-encrypts under the latest (or keyVersion) version without returning the"
              + " plaintext; Fernet tokens keep their timestamp.")
  EncryptResponse rewrap(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      @RequestBody RewrapRequest request) {
    return crypto.rewrap(me.username(), name, request);
  }

  @PostMapping("/datakey")
  @Operation(
      summary = "Generate a data key",
      description =
          "Envelope encryption: a fresh 128- or 256-bit key (bits, default 256) encrypted under"
              + " this key; includePlaintext=true also returns it in base64.")
  DatakeyResponse datakey(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      @RequestBody DatakeyRequest request) {
    return crypto.datakey(me.username(), name, request);
  }
}
