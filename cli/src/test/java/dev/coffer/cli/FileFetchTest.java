package dev.coffer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The direct GET against a scripted server on a raw socket: what it sends, what it reads. */
@Timeout(30)
class FileFetchTest {

  /**
   * Writes an answer in pieces, each flushed and a moment apart, so reads split where they fall.
   */
  private static CompletableFuture<String> answer(ServerSocket listener, byte[]... pieces) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket s = listener.accept()) {
            String head = FileBodyTest.head(s.getInputStream());
            OutputStream out = s.getOutputStream();
            for (byte[] piece : pieces) {
              out.write(piece);
              out.flush();
              Thread.sleep(20);
            }
            return head;
          } catch (IOException e) {
            throw new IllegalStateException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        });
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static ServerSocket listener() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  private static URI uri(ServerSocket listener) {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/api/v1/files/a%20b.bin");
  }

  /** The whole body, read into direct buffers of {@code size} bytes as the download does. */
  private static byte[] readAll(FileFetch.Body body, int size) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocateDirect(size);
    while (body.read(b.clear()) >= 0) {
      byte[] chunk = new byte[b.flip().remaining()];
      b.get(chunk);
      all.write(chunk);
    }
    return all.toByteArray();
  }

  @Test
  void readsHeadersAndExactlyTheDeclaredBodyWhereverTheReadsSplit() throws Exception {
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    String head =
        "HTTP/1.1 200 OK\r\nContent-Length: "
            + data.length
            + "\r\nRepr-Digest: sha-256=:x:\r\nETag: \"v1\"\r\n\r\n";
    // the head in three pieces (the last with the body's first bytes), then the rest of the body
    // and bytes past its length, which are not part of it
    byte[] third = new byte[head.length() - 30 + 10];
    System.arraycopy(ascii(head), 30, third, 0, head.length() - 30);
    System.arraycopy(data, 0, third, head.length() - 30, 10);
    byte[] rest = new byte[data.length - 10 + 5];
    System.arraycopy(data, 10, rest, 0, data.length - 10);
    System.arraycopy(ascii("extra"), 0, rest, data.length - 10, 5);
    try (ServerSocket listener = listener()) {
      CompletableFuture<String> seen =
          answer(listener, ascii(head.substring(0, 7)), ascii(head.substring(7, 30)), third, rest);
      FileFetch.Answer a =
          FileFetch.open(uri(listener), Map.of("Authorization", "Bearer t", "Range", "bytes=0-"));
      assertEquals(200, a.status());
      assertEquals("\"v1\"", a.headers().get("etag"));
      assertEquals("sha-256=:x:", a.headers().get("repr-digest"));
      try (FileFetch.Body body = a.body()) {
        assertArrayEquals(data, readAll(body, 64 * 1024 + 3));
      }
      String request = seen.get();
      assertTrue(request.startsWith("GET /api/v1/files/a%20b.bin HTTP/1.1\r\n"), request);
      assertTrue(request.contains("\r\nHost: 127.0.0.1:" + listener.getLocalPort() + "\r\n"));
      assertTrue(request.contains("\r\nAuthorization: Bearer t\r\n"));
      assertTrue(request.contains("\r\nRange: bytes=0-\r\n"));
      assertTrue(request.contains("\r\nConnection: close\r\n"));
    }
  }

  @Test
  void skipsAnInterimAnswerAndReadsTheBodyToTheCloseWithoutALength() throws Exception {
    try (ServerSocket listener = listener()) {
      answer(
          listener,
          ascii("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 206 Partial\r\n"),
          ascii("Content-Range: bytes 2-5/6\r\n\r\ncdef"));
      FileFetch.Answer a = FileFetch.open(uri(listener), Map.of());
      assertEquals(206, a.status());
      assertEquals("bytes 2-5/6", a.headers().get("content-range"));
      try (FileFetch.Body body = a.body()) {
        assertArrayEquals(ascii("cdef"), readAll(body, 3));
      }
    }
  }

  @Test
  void leavesAChunkedAnswerToTheOtherClient() throws Exception {
    try (ServerSocket listener = listener()) {
      answer(
          listener,
          ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n"));
      assertNull(FileFetch.open(uri(listener), Map.of()));
    }
  }

  @Test
  void readsARefusalsProblemUpToTheLimit() throws Exception {
    String problem = "{\"code\":\"not-found\",\"detail\":\"No file at 'a b.bin'.\"}";
    try (ServerSocket listener = listener()) {
      answer(
          listener,
          ascii(
              "HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\nContent-Length: "
                  + problem.length()
                  + "\r\n\r\n"
                  + problem));
      FileFetch.Answer a = FileFetch.open(uri(listener), Map.of());
      assertEquals(404, a.status());
      try (FileFetch.Body body = a.body()) {
        assertArrayEquals(ascii(problem.substring(0, 10)), body.readUpTo(10));
      }
    }
  }

  @Test
  void aBodyCutShortEndsEarlyForTheCallerToNotice() throws Exception {
    try (ServerSocket listener = listener()) {
      answer(listener, ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"));
      FileFetch.Answer a = FileFetch.open(uri(listener), Map.of());
      try (FileFetch.Body body = a.body()) {
        assertArrayEquals(ascii("only this"), readAll(body, 1024));
      }
    }
  }

  @Test
  void refusesAnswersThatAreNotHttpOrNeverEndTheirHead() throws Exception {
    try (ServerSocket listener = listener()) {
      answer(listener, ascii("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
      assertThrows(IOException.class, () -> FileFetch.open(uri(listener), Map.of()));
    }
    try (ServerSocket listener = listener()) {
      answer(listener, ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"));
      assertThrows(EOFException.class, () -> FileFetch.open(uri(listener), Map.of()));
    }
    try (ServerSocket listener = listener()) {
      answer(listener, ascii("HTTP/1.1 200 OK\r\nX: " + "y".repeat(70_000) + "\r\n\r\n"));
      IOException e =
          assertThrows(IOException.class, () -> FileFetch.open(uri(listener), Map.of()));
      assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }
    try (ServerSocket listener = listener()) {
      answer(listener, ascii("HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\n"));
      assertThrows(IOException.class, () -> FileFetch.open(uri(listener), Map.of()));
    }
  }
}
