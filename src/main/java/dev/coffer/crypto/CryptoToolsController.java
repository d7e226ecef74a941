package dev.coffer.crypto;

import dev.coffer.crypto.CryptoDtos.HashRequest;
import dev.coffer.crypto.CryptoDtos.HashResponse;
import dev.coffer.crypto.CryptoDtos.RandomRequest;
import dev.coffer.crypto.CryptoDtos.RandomResponse;
import dev.coffer.disk.NoDiskGate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@NoDiskGate
@RequestMapping("/api/v1")
@Tag(name = "Crypto tools", description = "Random bytes and hashes, no key needed")
class CryptoToolsController {

  private final CryptoTools crypto;

  CryptoToolsController(CryptoTools crypto) {
    this.crypto = crypto;
  }

  @PostMapping("/random")
  @Operation(
      summary = "Random bytes",
      description = "1–1024 bytes from the server's CSPRNG; format base64 (default) or hex.")
  RandomResponse random(@RequestBody RandomRequest request) {
    return new RandomResponse(crypto.random(request.bytes(), request.format()));
  }

  @PostMapping("/hash")
  @Operation(
      summary = "Hash",
      description = "input (base64); algorithm sha2-256 (default), sha2-512 or sha3-256; hex sum.")
  HashResponse hash(@RequestBody HashRequest request) {
    return new HashResponse(crypto.hash(request.input(), request.algorithm()));
  }
}
