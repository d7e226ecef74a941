package dev.coffer.crypto;

import dev.coffer.crypto.primitive.SecretBytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.stereotype.Service;

/** The crypto helpers that need no key: random bytes from the CSPRNG, and hashes. */
@Service
class CryptoTools {

  String random(Integer bytes, String format) {
    if (bytes == null || bytes < 1 || bytes > 1024) {
      throw CryptoProblem.invalid("bytes", "must be between 1 and 1024");
    }
    byte[] random = new byte[bytes];
    SecretBytes.fillRandom(random);
    if (format == null || format.equals("base64")) {
      return Base64.getEncoder().encodeToString(random);
    }
    if (format.equals("hex")) {
      return HexFormat.of().formatHex(random);
    }
    throw CryptoProblem.invalid("format", "must be base64 or hex");
  }

  String hash(String input, String algorithm) {
    if (input == null) {
      throw CryptoProblem.invalid("input", "is required (base64)");
    }
    String jdkName =
        switch (algorithm == null ? "sha2-256" : algorithm) {
          case "sha2-256" -> "SHA-256";
          case "sha2-512" -> "SHA-512";
          case "sha3-256" -> "SHA3-256";
          default ->
              throw CryptoProblem.invalid("algorithm", "must be sha2-256, sha2-512 or sha3-256");
        };
    byte[] bytes = Base64Fields.decode("input", input);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(jdkName).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jdkName + " is not available in this JDK", e);
    }
  }
}
