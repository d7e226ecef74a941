package dev.coffer.crypto;

import dev.coffer.crypto.CryptoDtos.HmacResponse;
import dev.coffer.crypto.CryptoDtos.SignRequest;
import dev.coffer.crypto.CryptoDtos.SignResponse;
import dev.coffer.crypto.CryptoDtos.VerifyRequest;
import dev.coffer.crypto.CryptoDtos.VerifyResponse;
import dev.coffer.disk.NoDiskGate;
import dev.coffer.security.CofferPrincipal;
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
@RequestMapping("/api/v1/keys/{name}")
@Tag(name = "Signatures and HMAC", description = "Sign, verify and HMAC with a named key")
class SigningController extends CryptoController {

  private final SigningService signing;

  SigningController(SigningService signing) {
    this.signing = signing;
  }

  @PostMapping("/sign")
  @Operation(
      summary = "Sign",
      description =
          "{input} (base64) or {text} (UTF-8), optional keyVersion. rsa-* keys sign with RSA-PSS"
              + " (SHA-256, MGF1-SHA-256, 32-byte salt), ed25519 with Ed25519, ecdsa-p256 with"
              + " ECDSA over SHA-256 in ASN.1 DER; openssl verifies them with the key's publicKey."
              + " Signature: coffer:v<N>:<base64>. Symmetric keys → 400.")
  SignResponse sign(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      @RequestBody SignRequest request) {
    return signing.sign(me.username(), name, request);
  }

  @PostMapping("/hmac")
  @Operation(
      summary = "HMAC",
      description =
          "HMAC-SHA256 of {input} (base64) or {text} (UTF-8) with the key version's own HMAC"
              + " subkey; every key type. Optional keyVersion. hmac: coffer:v<N>:<base64>.")
  HmacResponse hmac(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      @RequestBody SignRequest request) {
    return signing.hmac(me.username(), name, request);
  }

  @PostMapping("/verify")
  @Operation(
      summary = "Verify a signature or an HMAC",
      description =
          "{input or text, signature} checks a signature from sign; {input or text, hmac} checks"
              + " an HMAC from hmac (give exactly one). A value that does not match → {valid:"
              + " false}; one that is not coffer:v<N>:<base64> or names a version below"
              + " minDecryptionVersion → 400.")
  VerifyResponse verify(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      @RequestBody VerifyRequest request) {
    return new VerifyResponse(signing.verify(me.username(), name, request));
  }
}
