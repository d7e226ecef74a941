package dev.coffer.crypto.primitive;

import static dev.coffer.crypto.primitive.StreamingAeadTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.crypto.primitive.StreamingAead.Cipher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Holds {@code docs/stream-format.md} to the code: its worked example decrypts here, and its Python
 * reference implementation and RSA recipe (run with Debian's python3 and python3-cryptography)
 * interoperate with the Java primitives both ways.
 */
public class StreamFormatDocTest {

  private static final Path DOC = Path.of("docs/stream-format.md");
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final HexFormat HEX = HexFormat.of();
  private static final String EXAMPLE_STREAM =
      "434f4653010100000010a0a1a2a3a4a5a60016636f666665723a76313a64334a686348426c5a413d3d"
          + "4bbf6589e53d3f584003a7eff773220a39e5c647c2c135277d89f8f79a52c583"
          + "3f9637aae85199fd99a19e45fb02ec1fcefb3fc99d3885a10db55bf26f0ac9cc"
          + "92c8e68393806b6a3210e63608eee7eb3a9fd5683b38b173";

  @TempDir Path dir;

  @Test
  void workedExampleWhenDecryptedThenGivesTheDocumentedPlaintext() throws Exception {
    assertThat(Files.readString(DOC)).contains(EXAMPLE_STREAM);
    byte[] dataKey =
        HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    StreamingAead.decrypt(
        new ByteArrayInputStream(HEX.parseHex(EXAMPLE_STREAM)),
        out,
        null,
        wrapped -> {
          assertThat(new String(wrapped, StandardCharsets.US_ASCII))
              .isEqualTo("coffer:v1:d3JhcHBlZA==");
          return dataKey.clone();
        });

    assertThat(out.toString(StandardCharsets.US_ASCII))
        .isEqualTo("Any size, constant memory, 16 B/segment.");
  }

  @ParameterizedTest(name = "cipher {0}, segment {1}, {2} bytes")
  @CsvSource({"1, 65536, 0", "1, 65536, 200000", "2, 65536, 131072", "1, 16, 33", "2, 64, 1000"})
  void pythonReferenceWhenDecryptingJavaStreamsThenSamePlaintext(
      int cipherId, int segmentSize, int size) throws Exception {
    requirePython();
    Cipher cipher = cipherId == 1 ? Cipher.AES_256_GCM : Cipher.CHACHA20_POLY1305;
    byte[] plaintext = bytes(size, size);
    byte[] ad = "ad".getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = Files.newOutputStream(dir.resolve("sealed"))) {
      // Test-only "wrapping": the slot carries the data key itself.
      StreamingAead.encrypt(
          cipher, segmentSize, new ByteArrayInputStream(plaintext), out, ad, key -> key);
    }

    python("decrypt_stream(open('sealed','rb'), open('plain','wb'), lambda w: w, b'ad')");

    assertThat(Files.readAllBytes(dir.resolve("plain"))).isEqualTo(plaintext);
  }

  @ParameterizedTest(name = "cipher {0}, segment {1}, {2} bytes")
  @CsvSource({"1, 65536, 0", "2, 65536, 65536", "1, 65536, 150001", "2, 16, 48"})
  void javaWhenDecryptingPythonStreamsThenSamePlaintextAndTamperingFails(
      int cipherId, int segmentSize, int size) throws Exception {
    requirePython();
    byte[] plaintext = bytes(size, size + 1);
    Files.write(dir.resolve("plain"), plaintext);

    python(
        "encrypt_stream(open('plain','rb'), open('sealed','wb'), lambda k: k, "
            + cipherId
            + ", "
            + segmentSize
            + ")");

    byte[] sealed = Files.readAllBytes(dir.resolve("sealed"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamingAead.decrypt(new ByteArrayInputStream(sealed), out, null, wrapped -> wrapped);
    assertThat(out.toByteArray()).isEqualTo(plaintext);
    byte[] cut = Arrays.copyOf(sealed, sealed.length - 1);
    assertThatThrownBy(
            () ->
                StreamingAead.decrypt(
                    new ByteArrayInputStream(cut), new ByteArrayOutputStream(), null, w -> w))
        .isInstanceOf(PrimitiveDecryptionException.class);
  }

  @Test
  void pythonRsaRecipeWhenEncryptingForThePublicPemThenRsaOaepHybridDecrypts() throws Exception {
    requirePython();
    KeyPair keys = RsaOaepHybrid.generateKeyPair(2048);
    Files.writeString(dir.resolve("public.pem"), AsymmetricKeys.toPem(keys.getPublic()));
    byte[] plaintext = bytes(5000, 3);
    Files.write(dir.resolve("plain"), plaintext);

    python(
        "open('sealed','wb').write(rsa_hybrid_encrypt(open('public.pem','rb').read(),"
            + " open('plain','rb').read(), b'alice'))");

    byte[] sealed = Files.readAllBytes(dir.resolve("sealed"));
    assertThat(RsaOaepHybrid.decrypt(keys.getPrivate(), sealed, "alice".getBytes()))
        .isEqualTo(plaintext);
  }

  private void python(String statement) throws Exception {
    python(dir, statement);
  }

  /**
   * Runs a Python statement in {@code dir} with the document's {@code coffer_stream.py} and {@code
   * coffer_rsa.py} imported.
   */
  public static String python(Path dir, String statement) throws Exception {
    writeDocBlock(dir, "coffer_stream.py");
    writeDocBlock(dir, "coffer_rsa.py");
    return ExternalTool.runOk(
        dir,
        PYTHON.toString(),
        "-c",
        "from coffer_stream import *\nfrom coffer_rsa import *\n" + statement);
  }

  /** Extracts the code block that follows {@code <!-- file: NAME -->} in the document. */
  private static void writeDocBlock(Path dir, String name) throws IOException {
    Matcher block =
        Pattern.compile(
                "<!-- file: " + Pattern.quote(name) + " -->\\n```python\\n(.*?)\\n```",
                Pattern.DOTALL)
            .matcher(Files.readString(DOC));
    assertThat(block.find()).as("a python block named %s in %s", name, DOC).isTrue();
    Files.writeString(dir.resolve(name), block.group(1) + "\n");
  }

  /** Skips (or under CI=true fails) unless Debian's python3 with cryptography is there. */
  public static void requirePython() throws Exception {
    ExternalTool.require(PYTHON, "python3");
    ExternalTool.Result probe =
        ExternalTool.run(Path.of("."), PYTHON.toString(), "-c", "import cryptography");
    if (probe.exitCode() != 0) {
      ExternalTool.missing(
          "python3 cannot import cryptography (Debian package python3-cryptography)");
    }
  }
}
