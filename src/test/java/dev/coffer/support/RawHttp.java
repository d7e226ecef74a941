package dev.coffer.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a plain socket, for tests that must see how a response ends: a
 * chunked body that closes without its final zero-length chunk is exactly what ordinary clients
 * hide behind an exception.
 */
public final class RawHttp {

  /**
   * @param headers lower-case names
   * @param complete true when the body ended as HTTP says it should (the final chunk, or
   *     Content-Length bytes); false when the connection closed early
   */
  public record Response(int status, Map<String, String> headers, byte[] body, boolean complete) {
    public boolean chunked() {
      return "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
    }
  }

  private RawHttp() {}

  /** POSTs {@code body} with Basic credentials and {@code Connection: close}, and reads to EOF. */
  public static Response post(
      int port, String path, String user, String password, String contentType, byte[] body)
      throws IOException {
    return post(port, path, user, password, contentType, body, body.length);
  }

  /**
   * As {@link #post(int, String, String, String, String, byte[])}, but declares {@code
   * declaredLength} bytes: when it is more than the body, the upload ends early (the socket's
   * output is shut down after the body), as when a client breaks off.
   */
  public static Response post(
      int port,
      String path,
      String user,
      String password,
      String contentType,
      byte[] body,
      long declaredLength)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      String credentials =
          Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1:"
              + port
              + "\r\nAuthorization: Basic "
              + credentials
              + "\r\nContent-Type: "
              + contentType
              + "\r\nContent-Length: "
              + declaredLength
              + "\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      if (declaredLength > body.length) {
        socket.shutdownOutput();
      }
      return read(new BufferedInputStream(socket.getInputStream()));
    }
  }

  /**
   * Sends a body-less request with the target exactly as given (each character one byte, so raw
   * backslashes and bytes above 0x7F go out as they are) and reads the answer to EOF.
   */
  public static Response send(int port, String method, String target, String user, String password)
      throws IOException {
    String credentials =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return send(port, method, target, Map.of("Authorization", "Basic " + credentials));
  }

  /** As above, with these headers, written byte for byte like the target. */
  public static Response send(int port, String method, String target, Map<String, String> headers)
      throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("Connection: close\r\n\r\n");
    return send(port, head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Sends {@code request} exactly as given (request line, headers and body, which should ask for
   * {@code Connection: close}) and reads the answer to EOF: for requests that break HTTP itself.
   */
  public static Response send(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      // nothing more comes: a server that still waits for a declared body sees it end here
      socket.shutdownOutput();
      return read(new BufferedInputStream(socket.getInputStream()));
    }
  }

  private static Response read(InputStream in) throws IOException {
    return read(in, true);
  }

  /**
   * Reads one response from a connection that may stay open, and no more: a body of Content-Length
   * bytes is read to its end, not to EOF, so the next response on the connection can be read too.
   *
   * @throws EOFException when the connection ends before a status line
   */
  public static Response readOne(InputStream in) throws IOException {
    return read(in, false);
  }

  private static Response read(InputStream in, boolean toEof) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new EOFException("the connection ended before a response");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        String size = line(in);
        if (size == null) {
          return new Response(status, headers, body.toByteArray(), false);
        }
        int length = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (length == 0) {
          return new Response(status, headers, body.toByteArray(), line(in) != null);
        }
        byte[] chunk = in.readNBytes(length);
        body.write(chunk);
        if (chunk.length < length || line(in) == null) {
          return new Response(status, headers, body.toByteArray(), false);
        }
      }
    }
    String declared = headers.get("content-length");
    byte[] rest =
        toEof || declared == null
            ? in.readAllBytes()
            : in.readNBytes(Math.toIntExact(Long.parseLong(declared)));
    body.write(rest);
    return new Response(
        status,
        headers,
        body.toByteArray(),
        declared == null || Long.parseLong(declared) == rest.length);
  }

  /** One CRLF-terminated line, or null at EOF before a line end. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
          length--;
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    return null;
  }
}
