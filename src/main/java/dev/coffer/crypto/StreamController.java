package dev.coffer.crypto;

import dev.coffer.crypto.primitive.PrimitiveDecryptionException;
import dev.coffer.disk.NoDiskGate;
import dev.coffer.security.CofferPrincipal;
import dev.coffer.web.ConnectionAbort;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.GeneralSecurityException;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Raw bodies in and out at constant memory: the request is read straight from the servlet input
 * stream and the output written segment by segment to the servlet output stream, never buffered
 * whole. A failure once output has been sent cuts the connection ({@link ConnectionAbort}), so the
 * client sees an incomplete response, never a short "success".
 */
@RestController
@NoDiskGate
@RequestMapping("/api/v1/keys/{name}")
@Tag(name = "Streams", description = "Encrypt and decrypt bodies of any size")
class StreamController {

  private static final String OCTETS = MediaType.APPLICATION_OCTET_STREAM_VALUE;

  private final StreamService streams;

  StreamController(StreamService streams) {
    this.streams = streams;
  }

  @PostMapping(path = "/encrypt-stream", consumes = OCTETS)
  @Operation(
      summary = "Encrypt a stream",
      description =
          "Raw body in (Content-Type: application/octet-stream), COFS stream out"
              + " (docs/stream-format.md): 64 KiB AEAD segments under a fresh data key wrapped by"
              + " the latest key version. aes256-gcm, chacha20-poly1305 and rsa-* keys. If the"
              + " upload breaks off, the connection is closed without the final chunk.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = OCTETS,
                      schema = @Schema(type = "string", format = "binary"))),
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "the encrypted stream",
              content =
                  @Content(
                      mediaType = OCTETS,
                      schema = @Schema(type = "string", format = "binary"))))
  void encryptStream(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      HttpServletRequest request,
      HttpServletResponse response) {
    StreamService.Encrypting encryption = streams.prepareEncryption(me.username(), name);
    response.setContentType(OCTETS);
    try {
      encryption.writeTo(request.getInputStream(), response.getOutputStream());
    } catch (IOException | GeneralSecurityException e) {
      // The upload broke off or the client went away: a cut-short stream must look cut short.
      ConnectionAbort.abort(request);
    }
  }

  @PostMapping(path = "/decrypt-stream", consumes = OCTETS)
  @Operation(
      summary = "Decrypt a stream",
      description =
          "COFS stream in, plaintext out. A wrong key, a bad header or first segment → 400"
              + " \"decryption failed\" before any output. A later failure (truncation,"
              + " reordering, a flipped bit) closes the connection without the final chunk (curl"
              + " exits 18): the plaintext is good only when the response completes normally.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = OCTETS,
                      schema = @Schema(type = "string", format = "binary"))),
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "the plaintext",
              content =
                  @Content(
                      mediaType = OCTETS,
                      schema = @Schema(type = "string", format = "binary"))))
  void decryptStream(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String name,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    StreamService.Decrypting decryption =
        streams.openDecryption(me.username(), name, request.getInputStream());
    response.setContentType(OCTETS);
    try {
      decryption.writeTo(response.getOutputStream());
    } catch (PrimitiveDecryptionException | IOException e) {
      if (!response.isCommitted()) {
        // Nothing has left yet (tiny segments): an ordinary problem response is still possible.
        response.reset();
        throw CryptoProblem.decryptionFailed();
      }
      ConnectionAbort.abort(request);
    }
  }
}
