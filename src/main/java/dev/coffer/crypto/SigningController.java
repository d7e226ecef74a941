package dev.coffer.crypto;

import dev.coffer.crypto.CryptoDtos.HmacResponse;
import dev.coffer.crypto.CryptoDtos.SignRequest;
import dev.coffer.crypto.CryptoDtos.SignResponse;
import dev.coffer.crypto.CryptoDtos.VerifyRequest;
import dev.coffer.crypto.CryptoDtos.VerifyResponse;
import dev.coffer.disk.NoDiskGate;
import dev.coffer.security.CofferPrincipal;
import dev.coffer.web.ConnectionAbort;
import dev.coffer.web.JsonBodyTooLargeHint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@NoDiskGate
@RequestMapping("/api/v1/keys/{name}")
@Tag(name = "Signatures and HMAC", description = "Sign, verify and HMAC with a named key")
class SigningController {

  private static final String OCTETS = MediaType.APPLICATION_OCTET_STREAM_VALUE;

  private final SigningService signing;

  SigningController(SigningService signing) {
    this.signing = signing;
  }

  @JsonBodyTooLargeHint(
      "send a larger message as the raw body of sign-stream (and verify-stream, the signature in"
          + " the Coffer-Signature header); there is no size limit there.")
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
      @org.springframework.web.bind.annotation.RequestBody SignRequest request) {
    return signing.sign(me.username(), name, request);
  }

  @PostMapping(path = "/sign-stream", consumes = OCTETS)
  @Operation(
      summary = "Sign a stream",
      description =
          "The raw body (Content-Type: application/octet-stream, any size, read at constant"
              + " memory) is the message; optional keyVersion query parameter. Answers as sign."
              + " rsa-* and ecdsa-p256 keys sign exactly as sign does (RSA-PSS or ECDSA over"
              + " SHA-256 of the body), so sign's signature of the same bytes verifies here and"
              + " the other way round. ed25519 keys sign the body with Ed25519ph (RFC 8032, SHA-512"
              + " pre-hash, empty context), as pure Ed25519 needs the whole message at once: verify"
              + " such a signature with verify-stream, not verify. No size limit applies.",
      requestBody =
          @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = OCTETS,
                      schema = @Schema(type = "string", format = "binary"))))
  SignResponse signStream(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      @Parameter(description = "the version to sign with; default the latest")
          @RequestParam(required = false)
          Integer keyVersion,
      HttpServletRequest request)
      throws IOException {
    InputStream body = request.getInputStream();
    try {
      return signing.signStream(me.username(), name, keyVersion, body);
    } catch (UncheckedIOException e) {
      throw brokeOff(request);
    }
  }

  @PostMapping(path = "/verify-stream", consumes = OCTETS)
  @Operation(
      summary = "Verify a stream's signature",
      description =
          "The raw body (application/octet-stream, any size) is the message, the Coffer-Signature"
              + " header the coffer:v<N>:<base64> from sign-stream (or, for rsa-* and ecdsa-p256"
              + " keys, from sign). Answers as verify: {valid}. A missing or malformed header, or"
              + " one naming a version below minDecryptionVersion → 400.",
      requestBody =
          @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = OCTETS,
                      schema = @Schema(type = "string", format = "binary"))))
  VerifyResponse verifyStream(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      @Parameter(
              description = "coffer:v<N>:<base64> from sign-stream",
              example = "coffer:v1:MEUCIQDa…")
          @RequestHeader(name = SigningService.SIGNATURE_HEADER, required = false)
          String signature,
      HttpServletRequest request)
      throws IOException {
    InputStream body = request.getInputStream();
    try {
      return new VerifyResponse(signing.verifyStream(me.username(), name, signature, body));
    } catch (UncheckedIOException e) {
      throw brokeOff(request);
    }
  }

  /** The body broke off: nobody may read the answer, so the connection is closed after it. */
  private static CryptoProblem brokeOff(HttpServletRequest request) {
    ConnectionAbort.abort(request);
    return CryptoProblem.invalid("body", "broke off before its end");
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
      @org.springframework.web.bind.annotation.RequestBody SignRequest request) {
    return signing.hmac(me.username(), name, request);
  }

  @JsonBodyTooLargeHint(
      "send a larger message as the raw body of sign-stream (and verify-stream, the signature in"
          + " the Coffer-Signature header); there is no size limit there.")
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
      @org.springframework.web.bind.annotation.RequestBody VerifyRequest request) {
    return new VerifyResponse(signing.verify(me.username(), name, request));
  }
}
