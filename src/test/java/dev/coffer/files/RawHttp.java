package dev.coffer.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client library would send: request
 * targets exactly as written (raw backslashes, stray escapes), and bodies cut off mid-way.
 */
final class RawHttp {

  record Response(int status, String head, String body) {}

  private final int port;
  private final String authorization;

  RawHttp(int port, String username, String password) {
    this.port = port;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  Response send(String method, String target, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head(method, target, body == null ? -1 : body.length));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(socket.getInputStream());
    }
  }

  /** Announces {@code announced} bytes, sends {@code body}, then closes the connection. */
  void sendCutOff(String target, long announced, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(head("PUT", target, announced));
      out.write(body);
      out.flush();
    }
  }

  /** Opens a PUT whose body is sent by the caller, for uploads that must stay in flight. */
  Socket openPut(String target, long announced) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    socket.getOutputStream().write(head("PUT", target, announced));
    return socket;
  }

  static Response read(InputStream in) throws IOException {
    byte[] all = readAll(in);
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int split = text.indexOf("\r\n\r\n");
    String head = split < 0 ? text : text.substring(0, split);
    String body = split < 0 ? "" : text.substring(split + 4);
    String[] statusLine = head.split(" ", 3);
    return new Response(Integer.parseInt(statusLine[1]), head, body);
  }

  private byte[] head(String method, String target, long length) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    head.append("Authorization: ").append(authorization).append("\r\n");
    head.append("Connection: close\r\n");
    if (length >= 0) {
      head.append("Content-Length: ").append(length).append("\r\n");
    }
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
