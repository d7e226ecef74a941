package dev.coffer.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One request whose body is a region of a local file, sent to a server on plain {@code http://}
 * with the kernel's {@code sendfile} ({@link FileChannel#transferTo} onto a socket channel): the
 * bytes go from the page cache to the socket without entering the JVM, where the older client's
 * stream copied each of them three times (file to heap, heap to its buffer, buffer to the kernel)
 * and took a core from the server on a small machine. A server on this machine (loopback, or an
 * address of one of its interfaces) gets the bytes through one buffer outside the heap instead, as
 * curl sends them ({@link #sendCopied}). HTTP/1.1 on one connection that closes after the answer;
 * {@code Expect: 100-continue} as curl does it: a refusal before the body (a wrong offset, no room)
 * sends no byte of it, and a server that says nothing for a second gets the body anyway. TLS and
 * proxies stay with the JDK's client ({@link #applies}).
 */
final class FileBody {

  /** How long to wait for {@code 100 Continue} before sending the body anyway (curl's second). */
  static final int CONTINUE_WAIT_MILLIS = 1000;

  /** One {@code sendfile} call at most: the progress bar moves between them. */
  private static final long SLICE = 8L * 1024 * 1024;

  /**
   * The buffer a body goes through to a server on this machine ({@link #sendCopied}): curl's size.
   * A 1 GiB tus upload to a server on the same two cores: 64 KiB 1.94 to 1.99 s, 16 KiB 2.05 to
   * 2.21 s, 256 KiB 1.94 to 2.08 s (curl's own 1.85 to 1.95 s, same run).
   */
  static final int COPY_BUFFER = 64 * 1024;

  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private FileBody() {}

  /** Whether {@link #send} serves this address: plain HTTP, reached without a proxy. */
  static boolean applies(URI uri) {
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      return false;
    }
    ProxySelector selector = ProxySelector.getDefault();
    if (selector == null) {
      return true;
    }
    try {
      return selector.select(uri).stream().allMatch(p -> p.type() == Proxy.Type.DIRECT);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Sends {@code length} bytes of {@code file} from {@code offset} as the body of {@code method}
   * and answers the status and the start of the answer's body (up to {@code maxBody} bytes).
   *
   * @param copy tells, once connected, whether the body goes through a buffer ({@link #sendCopied})
   *     rather than by {@code sendfile}: {@link #copiesTo}, or a test's choice
   * @throws IOException when the connection fails before an answer could be read
   */
  static Api.Answer send(
      URI uri,
      String method,
      Map<String, String> headers,
      FileChannel file,
      long offset,
      long length,
      Progress progress,
      int maxBody,
      Predicate<SocketChannel> copy)
      throws IOException {
    Map<String, String> all = requestHeaders(uri, headers);
    all.put("Content-Length", Long.toString(length));
    boolean expect = all.entrySet().stream().anyMatch(FileBody::expectsContinue);
    byte[] head = head(method, target(uri), all);
    try (SocketChannel channel = SocketChannel.open()) {
      connect(channel, uri);
      writeAll(channel, ByteBuffer.wrap(head));
      InputStream in = new BufferedInputStream(channel.socket().getInputStream(), 8192);
      Head answer = null;
      if (expect) {
        channel.socket().setSoTimeout(CONTINUE_WAIT_MILLIS);
        try {
          answer = readHead(in);
        } catch (SocketTimeoutException silent) {
          // the server says nothing until it sees the body (an older proxy, say): send it
        }
        channel.socket().setSoTimeout(0);
        if (answer != null && answer.status() != 100) {
          return new Api.Answer(answer.status(), readBody(in, answer, method, maxBody));
        }
      }
      IOException cut = null;
      try {
        if (copy.test(channel)) {
          sendCopied(file, offset, length, channel, progress);
        } else {
          sendRegion(file, offset, length, channel, progress);
        }
      } catch (IOException e) {
        cut = e; // the server may have refused part-way and said why: read that first
      }
      try {
        do {
          answer = readHead(in);
        } while (answer.status() >= 100 && answer.status() < 200);
        return new Api.Answer(answer.status(), readBody(in, answer, method, maxBody));
      } catch (IOException e) {
        if (cut != null) {
          cut.addSuppressed(e);
          throw cut;
        }
        throw e;
      }
    }
  }

  private static boolean expectsContinue(Map.Entry<String, String> h) {
    return h.getKey().equalsIgnoreCase("Expect") && h.getValue().equalsIgnoreCase("100-continue");
  }

  /**
   * Host (host and port only: a user name and password in the URL never go out in a header), User
   * Agent, the caller's headers, and {@code Connection: close}: one request per connection.
   */
  static Map<String, String> requestHeaders(URI uri, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Host", uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost());
    all.put("User-Agent", "coffer");
    all.putAll(headers);
    all.put("Connection", "close");
    return all;
  }

  /** Connects to the address's host and port (80 when it names none), within 10 seconds. */
  static void connect(SocketChannel channel, URI uri) throws IOException {
    int port = uri.getPort() >= 0 ? uri.getPort() : 80;
    channel.socket().connect(new InetSocketAddress(uri.getHost(), port), 10_000);
  }

  /** The request target: the address's path (or {@code /}) and query. */
  static String target(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /** The request line and headers; a name or value that could split them is refused. */
  static byte[] head(String method, String target, Map<String, String> headers) {
    StringBuilder s = new StringBuilder(256);
    s.append(method).append(' ').append(checked(target)).append(" HTTP/1.1\r\n");
    headers.forEach(
        (name, value) ->
            s.append(checked(name)).append(": ").append(checked(value)).append("\r\n"));
    return s.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String checked(String part) {
    for (int i = 0; i < part.length(); i++) {
      char ch = part.charAt(i);
      if (ch < 0x20 || ch > 0x7e) {
        throw new LocalError("a request header holds a character HTTP does not allow");
      }
    }
    return part;
  }

  private static void sendRegion(
      FileChannel file, long offset, long length, SocketChannel channel, Progress progress)
      throws IOException {
    long position = offset;
    long end = offset + length;
    while (position < end) {
      long n = file.transferTo(position, Math.min(SLICE, end - position), channel);
      if (n <= 0) {
        if (file.size() <= position) {
          throw new LocalError("the file became shorter while it was being sent");
        }
        continue;
      }
      position += n;
      progress.add(n);
    }
  }

  /** Whether the body goes through a buffer: when the connected server runs on this machine. */
  static boolean copiesTo(SocketChannel channel) {
    try {
      return channel.getRemoteAddress() instanceof InetSocketAddress remote
          && remote.getAddress() != null
          && onThisMachine(remote.getAddress());
    } catch (IOException e) {
      return false; // not known: sendfile, which suits every other server
    }
  }

  /**
   * Whether an address is this machine's: loopback, or one of its own interfaces' (a server reached
   * by the machine's own LAN address still talks to it through the kernel, without a wire).
   */
  static boolean onThisMachine(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(a) != null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The body through one buffer outside the heap: a read from the file, a write to the socket, as
   * curl does it. For a server on this machine only: there {@code sendfile} hands the socket the
   * page-cache pages themselves, and the copy it saves this side is made by the server's request
   * thread, from memory out of cache, when it reads them (a tus upload of 1 GiB: 0.3 to 0.4 s more
   * of that thread's time, the thread every upload waits on). Copied here, the server reads bytes
   * that are still in cache, and its thread's time is what it is for curl.
   */
  private static void sendCopied(
      FileChannel file, long offset, long length, SocketChannel channel, Progress progress)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(COPY_BUFFER, Math.max(1, length)));
    long position = offset;
    long end = offset + length;
    while (position < end) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
      int n = file.read(buffer, position);
      if (n < 0) {
        throw new LocalError("the file became shorter while it was being sent");
      }
      buffer.flip();
      writeAll(channel, buffer);
      position += n;
      progress.add(n);
    }
  }

  static void writeAll(SocketChannel channel, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  /** A status line and its headers (names in lower case). */
  record Head(int status, Map<String, String> headers) {}

  static Head readHead(InputStream in) throws IOException {
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + abbreviate(statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status: " + abbreviate(statusLine), e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    int bytes = statusLine.length();
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      bytes += h.length();
      if (bytes > MAX_HEAD_BYTES) {
        throw new IOException("the answer's headers are too long");
      }
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.merge(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            h.substring(colon + 1).trim(),
            (a, b) -> a + ", " + b);
      }
    }
    return new Head(status, headers);
  }

  /** The answer's body, or its first {@code max} bytes: by length, by chunks, or to the end. */
  static byte[] readBody(InputStream in, Head head, String method, int max) throws IOException {
    int status = head.status();
    if (method.equals("HEAD") || status == 204 || status == 304) {
      return new byte[0];
    }
    String coding = head.headers().get("transfer-encoding");
    if (coding != null && coding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
      return chunked(in, max);
    }
    long n = contentLength(head);
    return in.readNBytes(n >= 0 ? (int) Math.min(n, max) : max); // none: it ends with the close
  }

  /** The answer's Content-Length, or -1 when it declares none. */
  static long contentLength(Head head) throws IOException {
    String length = head.headers().get("content-length");
    if (length == null) {
      return -1;
    }
    long n;
    try {
      n = Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      throw new IOException("a Content-Length that is not a number: " + abbreviate(length), e);
    }
    if (n < 0) {
      throw new IOException("a negative Content-Length: " + abbreviate(length));
    }
    return n;
  }

  private static byte[] chunked(InputStream in, int max) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (body.size() < max) {
      String sizeLine = line(in);
      int semicolon = sizeLine.indexOf(';');
      long size;
      try {
        size =
            Long.parseLong(
                (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("a chunk size that is not a number: " + abbreviate(sizeLine), e);
      }
      if (size < 0) {
        throw new IOException("a negative chunk size: " + abbreviate(sizeLine));
      }
      if (size == 0) {
        break;
      }
      byte[] chunk = in.readNBytes((int) Math.min(size, max - body.size()));
      if (chunk.length < Math.min(size, max - body.size())) {
        throw new EOFException("the answer ended inside a chunk");
      }
      body.write(chunk);
      if (chunk.length < size) {
        break; // enough of it
      }
      line(in);
    }
    return body.toByteArray();
  }

  /** One line without its CRLF (or LF), in ISO-8859-1, at most {@link #MAX_HEAD_BYTES}. */
  private static String line(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the connection closed before the answer was complete");
      }
      if (s.length() >= MAX_HEAD_BYTES) {
        throw new IOException("an answer line is too long");
      }
      s.append((char) b);
    }
    int n = s.length();
    return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
