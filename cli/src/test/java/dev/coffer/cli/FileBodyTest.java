package dev.coffer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The file-body request (by sendfile, or copied through a buffer to a server on this machine)
 * against a scripted server on a raw socket: what it sends, what it reads.
 */
@Timeout(30)
class FileBodyTest {

  @TempDir Path dir;

  /** What the scripted server saw: the request's head and the body bytes that followed it. */
  record Seen(String head, byte[] body) {}

  /** Reacts to a request's head; {@code in} still holds the body (whatever the client sends). */
  interface Script {
    byte[] react(String head, InputStream in, OutputStream out) throws IOException;
  }

  private static CompletableFuture<Seen> serve(ServerSocket listener, Script script) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket s = listener.accept()) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            String head = head(in);
            byte[] body = script.react(head, in, s.getOutputStream());
            return new Seen(head, body);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** A server that says nothing until the whole body arrived, then writes {@code answer}. */
  private static CompletableFuture<Seen> readBodyThenAnswer(ServerSocket listener, String answer) {
    return serve(
        listener,
        (head, in, out) -> {
          byte[] body = in.readNBytes(contentLength(head));
          out.write(answer.getBytes(StandardCharsets.US_ASCII));
          return body;
        });
  }

  /** A request's head, read off the stream up to its blank line. */
  static String head(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private static int contentLength(String head) {
    return Arrays.stream(head.split("\r\n"))
        .filter(l -> l.toLowerCase().startsWith("content-length:"))
        .mapToInt(l -> Integer.parseInt(l.substring(15).trim()))
        .findFirst()
        .orElseThrow();
  }

  /** Everything the client sends until it closes, or until it has been quiet for a while. */
  private static byte[] drain(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        b.write(buf, 0, n);
      }
    } catch (SocketTimeoutException quiet) {
      // the client waits for an answer that will not come
    }
    return b.toByteArray();
  }

  private Path file(int size) throws IOException {
    byte[] data = new byte[size];
    new Random(7).nextBytes(data);
    return Files.write(dir.resolve("data.bin"), data);
  }

  private static Progress progress() {
    return new Progress("x", -1, 0, false, new PrintStream(OutputStream.nullOutputStream()));
  }

  private static Api.Answer send(
      ServerSocket listener, Map<String, String> headers, Path file, long offset, long length)
      throws IOException {
    URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/api/v1/uploads/u1?x=1");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return FileBody.send(
          uri, "PATCH", headers, ch, offset, length, progress(), 64 * 1024, FileBody::copiesTo);
    }
  }

  /** As {@link #send}, the body by {@code sendfile} (false) or through a buffer (true). */
  private static Api.Answer send(
      ServerSocket listener,
      Map<String, String> headers,
      Path file,
      long offset,
      long length,
      boolean copied)
      throws IOException {
    URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/api/v1/uploads/u1?x=1");
    List<Boolean> asked = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Api.Answer answer =
          FileBody.send(
              uri,
              "PATCH",
              headers,
              ch,
              offset,
              length,
              progress(),
              64 * 1024,
              channel -> {
                asked.add(channel.isConnected());
                return copied;
              });
      assertEquals(List.of(true), asked, "the rule is asked once, of the connected channel");
      return answer;
    }
  }

  private static ServerSocket listener() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @ParameterizedTest(name = "copied through a buffer: {0}")
  @ValueSource(booleans = {false, true})
  void sendsExactlyTheRegionAfterContinueAndReadsTheAnswer(boolean copied) throws Exception {
    // longer than one buffer of the copy and not a multiple of it, from an odd offset
    Path file = file(3 * 1024 * 1024 + 17);
    long offset = 1_000_003;
    long length = 2 * 1024 * 1024 + 5;
    try (ServerSocket listener = listener()) {
      CompletableFuture<Seen> seen =
          serve(
              listener,
              (head, in, out) -> {
                out.write("HTTP/1.1 100 \r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                byte[] body = in.readNBytes(contentLength(head));
                out.write(
                    ("HTTP/1.1 201 \r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                            + "{\"ok\":true}")
                        .getBytes(StandardCharsets.US_ASCII));
                return body;
              });
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Upload-Offset", Long.toString(offset));
      headers.put("Expect", "100-continue");
      Api.Answer answer = send(listener, headers, file, offset, length, copied);

      assertEquals(201, answer.status());
      assertEquals("{\"ok\":true}", new String(answer.body(), StandardCharsets.US_ASCII));
      Seen s = seen.get(10, TimeUnit.SECONDS);
      assertTrue(s.head().startsWith("PATCH /api/v1/uploads/u1?x=1 HTTP/1.1\r\n"), s.head());
      assertTrue(s.head().contains("\r\nHost: 127.0.0.1:" + listener.getLocalPort() + "\r\n"));
      assertTrue(s.head().contains("\r\nContent-Length: " + length + "\r\n"));
      assertTrue(s.head().contains("\r\nUpload-Offset: " + offset + "\r\n"));
      byte[] all = Files.readAllBytes(file);
      assertArrayEquals(Arrays.copyOfRange(all, (int) offset, (int) (offset + length)), s.body());
    }
  }

  @Test
  void refusalBeforeContinueSendsNoByteOfTheBodyAndItsChunkedProblemIsRead() throws Exception {
    Path file = file(512 * 1024);
    String problem = "{\"code\":\"offset-conflict\",\"detail\":\"the upload holds 5 bytes\"}";
    try (ServerSocket listener = listener()) {
      CompletableFuture<Seen> seen =
          serve(
              listener,
              (head, in, out) -> {
                String half = problem.substring(0, 20);
                String rest = problem.substring(20);
                out.write(
                    ("HTTP/1.1 409 \r\nContent-Type: application/problem+json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(half.length())
                            + "\r\n"
                            + half
                            + "\r\n"
                            + Integer.toHexString(rest.length())
                            + ";ext=1\r\n"
                            + rest
                            + "\r\n0\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return drain(in);
              });
      Api.Answer answer =
          send(listener, Map.of("Expect", "100-continue"), file, 0, Files.size(file));

      assertEquals(409, answer.status());
      assertEquals(problem, new String(answer.body(), StandardCharsets.US_ASCII));
      assertEquals(0, seen.get(20, TimeUnit.SECONDS).body().length, "body bytes sent anyway");
    }
  }

  @Test
  void serverThatNeverSaysContinueGetsTheBodyAfterAWait() throws Exception {
    Path file = file(100_000);
    try (ServerSocket listener = listener()) {
      CompletableFuture<Seen> seen = readBodyThenAnswer(listener, "HTTP/1.1 204 \r\n\r\n");
      Api.Answer answer = send(listener, Map.of("Expect", "100-continue"), file, 0, 100_000);

      assertEquals(204, answer.status());
      assertEquals(0, answer.body().length);
      assertArrayEquals(Files.readAllBytes(file), seen.get(10, TimeUnit.SECONDS).body());
    }
  }

  @Test
  void lateContinueAfterTheBodyStartedIsSkippedForTheFinalAnswer() throws Exception {
    Path file = file(50_000);
    try (ServerSocket listener = listener()) {
      CompletableFuture<Seen> seen =
          readBodyThenAnswer(
              listener, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n");
      Api.Answer answer = send(listener, Map.of("Expect", "100-continue"), file, 0, 50_000);

      assertEquals(204, answer.status());
      assertEquals(50_000, seen.get(10, TimeUnit.SECONDS).body().length);
    }
  }

  @Test
  void headerThatCouldSplitTheRequestIsRefusedBeforeAnythingIsSent() throws Exception {
    Path file = file(10);
    try (ServerSocket listener = listener()) {
      listener.setSoTimeout(500);
      assertThrows(
          LocalError.class,
          () -> send(listener, Map.of("Authorization", "Bearer x\r\nX-Evil: 1"), file, 0, 10));
      assertThrows(SocketTimeoutException.class, listener::accept, "a connection was opened");
    }
  }

  @Test
  void answerThatIsNotHttpIsANetworkFailureNotAStatus() throws Exception {
    Path file = file(10);
    try (ServerSocket listener = listener()) {
      CompletableFuture<Seen> seen = readBodyThenAnswer(listener, "SSH-2.0-OpenSSH\r\n\r\n");
      assertThrows(IOException.class, () -> send(listener, Map.of(), file, 0, 10));
      seen.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void negativeLengthsInTheAnswerAreNetworkFailuresNotCrashes() throws Exception {
    Path file = file(10);
    for (String answer :
        new String[] {
          "HTTP/1.1 400 \r\nContent-Length: -1\r\n\r\n",
          "HTTP/1.1 400 \r\nTransfer-Encoding: chunked\r\n\r\n-5\r\n"
        }) {
      try (ServerSocket listener = listener()) {
        CompletableFuture<Seen> seen = readBodyThenAnswer(listener, answer);
        assertThrows(IOException.class, () -> send(listener, Map.of(), file, 0, 10), answer);
        seen.get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void userAndPasswordInTheUrlNeverGoOutInTheHostHeader() throws Exception {
    Path file = file(10);
    try (ServerSocket listener = listener()) {
      CompletableFuture<Seen> seen = readBodyThenAnswer(listener, "HTTP/1.1 204 \r\n\r\n");
      URI uri = URI.create("http://me:secret@127.0.0.1:" + listener.getLocalPort() + "/a");
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        FileBody.send(uri, "PUT", Map.of(), ch, 0, 10, progress(), 1024, FileBody::copiesTo);
      }
      String head = seen.get(10, TimeUnit.SECONDS).head();
      assertTrue(head.contains("\r\nHost: 127.0.0.1:" + listener.getLocalPort() + "\r\n"), head);
      assertFalse(head.contains("secret"), head);
    }
  }

  @Test
  void loopbackAndThisMachinesOwnAddressesAreThisMachineAndOthersAreNot() throws Exception {
    assertTrue(FileBody.onThisMachine(InetAddress.getLoopbackAddress()));
    assertTrue(FileBody.onThisMachine(InetAddress.getByName("::1")));
    assertTrue(FileBody.onThisMachine(InetAddress.getByName("127.0.0.2")));
    // an address of one of this machine's interfaces, not loopback, where there is one
    Optional<InetAddress> own =
        NetworkInterface.networkInterfaces()
            .flatMap(NetworkInterface::inetAddresses)
            .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
            .findFirst();
    own.ifPresent(a -> assertTrue(FileBody.onThisMachine(a), a.toString()));
    // TEST-NET-1 and the documentation prefix (RFC 5737, RFC 3849): never a machine's own
    assertFalse(FileBody.onThisMachine(InetAddress.getByName("192.0.2.1")));
    assertFalse(FileBody.onThisMachine(InetAddress.getByName("2001:db8::1")));
  }

  @Test
  void aServerOnLoopbackIsSentItsBodyThroughABufferAndAnUnconnectedChannelIsNot() throws Exception {
    try (ServerSocket listener = listener();
        SocketChannel connected =
            SocketChannel.open(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
        SocketChannel unconnected = SocketChannel.open()) {
      assertTrue(FileBody.copiesTo(connected));
      assertFalse(FileBody.copiesTo(unconnected));
    }
  }

  @ParameterizedTest(name = "copied through a buffer: {0}")
  @ValueSource(booleans = {false, true})
  void fileShorterThanTheRegionIsALocalErrorNotAHang(boolean copied) throws Exception {
    Path file = file(1000); // the region asks for more, as when the file shrinks while it is sent
    try (ServerSocket listener = listener()) {
      CompletableFuture<Seen> seen = serve(listener, (head, in, out) -> drain(in));
      LocalError e =
          assertThrows(LocalError.class, () -> send(listener, Map.of(), file, 0, 400_000, copied));
      assertTrue(e.getMessage().contains("became shorter"), e.getMessage());
      assertArrayEquals(Files.readAllBytes(file), seen.get(10, TimeUnit.SECONDS).body());
    }
  }

  @Test
  void onlyPlainHttpTakesTheSendfilePath() {
    assertTrue(FileBody.applies(URI.create("http://127.0.0.1:8080/api/v1/files/a")));
    assertFalse(FileBody.applies(URI.create("https://127.0.0.1:8443/api/v1/files/a")));
  }
}
