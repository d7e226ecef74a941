package dev.coffer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * encrypt, decrypt, sign, verify, hmac, random, hash. Text comes as an argument, {@code @file} or
 * standard input; files of any size go through the stream endpoints with --in and --out, and the
 * output appears only once the stream completed, so a failed decryption leaves no plaintext.
 */
final class CryptoCommands {

  private CryptoCommands() {}

  /** The bytes an argument stands for: the text, a file's contents ({@code @file}), or stdin. */
  static byte[] input(Coffer c, String arg) throws IOException {
    if (arg == null) {
      return c.in.readAllBytes();
    }
    if (arg.startsWith("@") && arg.length() > 1) {
      return Files.readAllBytes(Path.of(arg.substring(1)));
    }
    return arg.getBytes(StandardCharsets.UTF_8);
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String text(Coffer c, String arg) throws IOException {
    return new String(input(c, arg), StandardCharsets.UTF_8).strip();
  }

  /** Streams a file through an endpoint into OUT, renamed into place only when complete. */
  static void stream(Coffer c, String endpoint, Path in, Path out, String label)
      throws IOException {
    if (out == null) {
      throw new LocalError("--in needs --out: the output is written only once it is complete");
    }
    Api api = c.api();
    long size = Files.size(in);
    Progress progress = new Progress(in.getFileName().toString(), size, 0, c.showProgress(), c.err);
    HttpRequest request =
        api.request(endpoint)
            .header("Content-Type", "application/octet-stream")
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> {
                          try {
                            return progress.counting(Files.newInputStream(in));
                          } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                          }
                        }),
                    size))
            .build();
    HttpResponse<InputStream> r = api.stream(request);
    Path part = Downloader.partOf(out);
    try (InputStream body = r.body();
        OutputStream o = Files.newOutputStream(part)) {
      body.transferTo(o);
    } catch (IOException e) {
      Files.deleteIfExists(part);
      throw new Problem(
          400,
          "stream-failed",
          label
              + " failed before the end of the stream (damaged, truncated or cut off); "
              + out
              + " was not written");
    }
    Downloader.move(part, out);
    if (c.json) {
      c.printJson(Api.JSON.createObjectNode().put("out", out.toString()).put("bytes", size));
    }
    if (!c.quiet) {
      progress.finish(label + "-stream", c.err);
    }
  }

  abstract static class KeyOp extends Cmd {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Option(names = "--aad", description = "Associated data (text), for encrypt and decrypt.")
    String aad;

    String op(String name) {
      return KeyCommands.path(key) + "/" + name;
    }

    ObjectNode withAad(ObjectNode body) {
      if (aad != null) {
        body.put("associatedData", b64(aad.getBytes(StandardCharsets.UTF_8)));
      }
      return body;
    }

    void print(JsonNode result, String field) {
      Coffer c = coffer();
      if (c.json) {
        c.printJson(result);
      } else {
        c.out.println(Api.text(result, field));
      }
    }
  }

  @Command(
      name = "encrypt",
      aliases = "en",
      description =
          "Encrypt TEXT (or @file, or stdin) and print the ciphertext; files with --in/--out.")
  static final class Encrypt extends KeyOp {
    @Parameters(index = "1", arity = "0..1", paramLabel = "TEXT")
    String text;

    @Option(names = "--in", description = "A file of any size, through encrypt-stream.")
    Path in;

    @Option(names = "--out")
    Path out;

    @Override
    int run() throws IOException {
      if (in != null) {
        stream(coffer(), op("encrypt-stream"), in, out, "encrypt");
        return ExitCodes.OK;
      }
      ObjectNode body = withAad(api().object().put("plaintext", b64(input(coffer(), text))));
      print(api().post(op("encrypt"), body), "ciphertext");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "decrypt",
      aliases = "de",
      description =
          "Decrypt CIPHERTEXT (or @file, or stdin) and print the text; files with --in/--out.")
  static final class Decrypt extends KeyOp {
    @Parameters(index = "1", arity = "0..1", paramLabel = "CIPHERTEXT")
    String ciphertext;

    @Option(names = "--in", description = "A file of any size, through decrypt-stream.")
    Path in;

    @Option(names = "--out")
    Path out;

    @Option(names = "--ttl", description = "Fernet tokens: maximum age in seconds.")
    Long ttl;

    @Override
    int run() throws IOException {
      if (in != null) {
        stream(coffer(), op("decrypt-stream"), in, out, "decrypt");
        return ExitCodes.OK;
      }
      ObjectNode body = withAad(api().object().put("ciphertext", text(coffer(), ciphertext)));
      if (ttl != null) {
        body.put("ttlSeconds", ttl);
      }
      JsonNode result = api().post(op("decrypt"), body);
      Coffer c = coffer();
      if (c.json) {
        c.printJson(result);
      } else {
        byte[] plain = Base64.getDecoder().decode(Api.text(result, "plaintext"));
        c.out.write(plain);
        if (Api.text(result, "text") != null && c.session.interactive) {
          c.out.println();
        }
        c.out.flush();
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "sign", description = "Sign TEXT (or @file, or stdin); any size with --in.")
  static final class Sign extends KeyOp {
    @Parameters(index = "1", arity = "0..1", paramLabel = "TEXT")
    String text;

    @Option(names = "--in", description = "A file of any size, through sign-stream.")
    Path in;

    @Override
    int run() throws IOException {
      JsonNode result =
          in != null
              ? rawPost(op("sign-stream"), in)
              : api().post(op("sign"), api().object().put("input", b64(input(coffer(), text))));
      print(result, "signature");
      return ExitCodes.OK;
    }

    JsonNode rawPost(String endpoint, Path file) throws IOException {
      return CryptoCommands.rawPost(api(), endpoint, file, null, null);
    }
  }

  /** A file as the raw body of a JSON-answering call (sign-stream, verify-stream). */
  static JsonNode rawPost(Api api, String endpoint, Path file, String header, String value)
      throws IOException {
    HttpRequest.Builder b =
        api.request(endpoint)
            .header("Content-Type", "application/octet-stream")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofFile(file));
    if (header != null) {
      b.header(header, value);
    }
    HttpRequest request = b.build();
    HttpResponse<byte[]> r = api.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() >= 300) {
      throw Api.problem(r.statusCode(), r.body());
    }
    return Api.JSON.readTree(r.body());
  }

  @Command(
      name = "verify",
      description = "Check a signature (or an HMAC with --hmac); exit 0 when valid, 9 when not.")
  static final class Verify extends KeyOp {
    @Parameters(index = "1", paramLabel = "SIGNATURE")
    String signature;

    @Parameters(index = "2", arity = "0..1", paramLabel = "TEXT")
    String text;

    @Option(names = "--in", description = "A file of any size, through verify-stream.")
    Path in;

    @Option(names = "--hmac", description = "SIGNATURE is an HMAC.")
    boolean hmac;

    @Override
    int run() throws IOException {
      JsonNode result;
      if (in != null) {
        result = rawPost(api(), op("verify-stream"), in, "Coffer-Signature", signature);
      } else {
        ObjectNode body =
            api()
                .object()
                .put("input", b64(input(coffer(), text)))
                .put(hmac ? "hmac" : "signature", signature);
        result = api().post(op("verify"), body);
      }
      boolean valid = result.path("valid").asBoolean();
      Coffer c = coffer();
      if (c.json) {
        c.printJson(result);
      } else {
        c.out.println(valid ? "valid" : "NOT valid");
      }
      return valid ? ExitCodes.OK : ExitCodes.INVALID;
    }
  }

  @Command(name = "hmac", description = "HMAC-SHA256 of TEXT (or @file, or stdin) with the key.")
  static final class Hmac extends KeyOp {
    @Parameters(index = "1", arity = "0..1", paramLabel = "TEXT")
    String text;

    @Override
    int run() throws IOException {
      print(
          api().post(op("hmac"), api().object().put("input", b64(input(coffer(), text)))), "hmac");
      return ExitCodes.OK;
    }
  }

  @Command(name = "random", description = "Random bytes from the server (1-1024).")
  static final class Random extends Cmd {
    @Parameters(arity = "0..1", paramLabel = "BYTES", defaultValue = "32")
    int bytes;

    @Option(names = "--hex", description = "Hex instead of base64.")
    boolean hex;

    @Override
    int run() {
      JsonNode r =
          api()
              .post(
                  "/api/v1/random",
                  api().object().put("bytes", bytes).put("format", hex ? "hex" : "base64"));
      Coffer c = coffer();
      if (c.json) {
        c.printJson(r);
      } else {
        c.out.println(Api.text(r, "random"));
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "hash",
      description = "Hash TEXT (or @file, or stdin): sha2-256, sha2-512, sha3-256.")
  static final class Hash extends Cmd {
    @Parameters(arity = "0..1", paramLabel = "TEXT")
    String text;

    @Option(
        names = {"-a", "--algorithm"},
        defaultValue = "sha2-256")
    String algorithm;

    @Override
    int run() throws IOException {
      JsonNode r =
          api()
              .post(
                  "/api/v1/hash",
                  api()
                      .object()
                      .put("input", b64(input(coffer(), text)))
                      .put("algorithm", algorithm));
      Coffer c = coffer();
      if (c.json) {
        c.printJson(r);
      } else {
        c.out.println(Api.text(r, "sum"));
      }
      return ExitCodes.OK;
    }
  }
}
