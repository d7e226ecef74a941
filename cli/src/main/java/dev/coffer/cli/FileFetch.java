package dev.coffer.cli;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code GET} to a server on plain {@code http://} reached without a proxy ({@link
 * FileBody#applies}), whose body is read from a socket channel straight into the caller's buffers:
 * into buffers outside the heap, the kernel copies each byte once, where the older client's stream
 * copied it into a buffer of its own first and then into the caller's array, and the file write
 * copied it once more on the way out. HTTP/1.1 on one connection that closes after the answer. Only
 * a body framed by its {@code Content-Length} (or by the end of the connection) is read here; a
 * chunked one is left to the JDK's client ({@link #open} answers null).
 */
final class FileFetch {

  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private FileFetch() {}

  /** An answer's status line, headers (names in lower case) and the body that follows. */
  record Answer(int status, Map<String, String> headers, Body body) {}

  /**
   * Sends the {@code GET} and reads the answer's head; null when the body is chunked (then nothing
   * of it was read and the connection is closed: the caller asks again elsewhere).
   *
   * @throws IOException when the connection fails before the head was read
   */
  static Answer open(URI uri, Map<String, String> headers) throws IOException {
    byte[] head = FileBody.head("GET", FileBody.target(uri), FileBody.requestHeaders(uri, headers));
    SocketChannel channel = SocketChannel.open();
    try {
      FileBody.connect(channel, uri);
      FileBody.writeAll(channel, ByteBuffer.wrap(head));
      ByteBuffer in = ByteBuffer.allocate(MAX_HEAD_BYTES).flip(); // empty, for reading
      FileBody.Head answer;
      do {
        answer = FileBody.readHead(new ByteArrayInputStream(readHead(channel, in)));
      } while (answer.status() >= 100 && answer.status() < 200);
      String coding = answer.headers().get("transfer-encoding");
      if (coding != null && coding.toLowerCase(Locale.ROOT).contains("chunked")) {
        channel.close();
        return null;
      }
      long length = FileBody.contentLength(answer);
      if (answer.status() == 204 || answer.status() == 304) {
        length = 0;
      }
      return new Answer(answer.status(), answer.headers(), new Body(channel, in, length));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * The bytes of one head (status line and headers, up to its blank line) taken off the front of
   * {@code in}, reading more from the channel as needed; what follows stays in {@code in}, flipped
   * for reading, for the next head or the body.
   */
  private static byte[] readHead(SocketChannel channel, ByteBuffer in) throws IOException {
    int searched = 0;
    while (true) {
      int end = headEnd(in, searched);
      if (end >= 0) {
        byte[] head = new byte[end];
        in.get(0, head);
        in.position(end).compact().flip();
        return head;
      }
      searched = Math.max(0, in.limit() - 3);
      in.position(in.limit()).limit(in.capacity());
      if (!in.hasRemaining()) {
        throw new IOException("the answer's headers are too long");
      }
      if (channel.read(in) < 0) {
        throw new EOFException("the connection closed before the answer was complete");
      }
      in.flip();
    }
  }

  /** Where the head ends (just past its CRLFCRLF or LFLF) in the readable bytes, or -1. */
  private static int headEnd(ByteBuffer in, int from) {
    for (int i = from; i < in.limit(); i++) {
      if (in.get(i) != '\n') {
        continue;
      }
      if (i + 1 < in.limit() && in.get(i + 1) == '\n') {
        return i + 2;
      }
      if (i + 2 < in.limit() && in.get(i + 1) == '\r' && in.get(i + 2) == '\n') {
        return i + 3;
      }
    }
    return -1;
  }

  /**
   * An answer's body: what came in with the head, then the socket, up to the declared length (or to
   * the end of the connection when none was declared). Closing it closes the connection.
   */
  static final class Body implements ReadableByteChannel {

    private final SocketChannel channel;
    private final ByteBuffer early;
    private long left;

    Body(SocketChannel channel, ByteBuffer early, long length) {
      this.channel = channel;
      this.early = early;
      this.left = length < 0 ? Long.MAX_VALUE : length;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int room = (int) Math.min(dst.remaining(), left);
      int n;
      if (early.hasRemaining()) {
        n = Math.min(room, early.remaining());
        dst.put(dst.position(), early, early.position(), n);
        dst.position(dst.position() + n);
        early.position(early.position() + n);
      } else {
        int limit = dst.limit();
        dst.limit(dst.position() + room);
        try {
          n = channel.read(dst);
        } finally {
          dst.limit(limit);
        }
        if (n < 0) {
          left = 0;
          return -1;
        }
      }
      left -= n;
      return n;
    }

    /** The first {@code max} bytes of the body (a refusal's problem, say). */
    byte[] readUpTo(int max) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(max);
      while (b.hasRemaining() && read(b) >= 0) {
        // until full or the body ends
      }
      byte[] bytes = new byte[b.position()];
      b.flip().get(bytes);
      return bytes;
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
