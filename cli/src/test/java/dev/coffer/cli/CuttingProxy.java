package dev.coffer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of the server that counts the bytes each way and, once armed,
 * cuts every connection when one direction has passed a given number of bytes: a link that breaks
 * mid-transfer, reproducibly.
 */
final class CuttingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  final AtomicLong up = new AtomicLong();
  final AtomicLong down = new AtomicLong();
  private volatile long cutUpAt = Long.MAX_VALUE;
  private volatile long cutDownAt = Long.MAX_VALUE;
  private volatile boolean lieAboutOffset;

  CuttingProxy(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::accept);
  }

  String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  /** Cuts once the client has sent this many more bytes. */
  void cutAfterUpload(long bytes) {
    cutUpAt = up.get() + bytes;
  }

  /** Cuts once the server has sent this many more bytes. */
  void cutAfterDownload(long bytes) {
    cutDownAt = down.get() + bytes;
  }

  /**
   * Makes the next {@code Upload-Offset} header the server sends read 0 (its digits turned to
   * zeros, so the length stays): a HEAD that is out of date by the time the PATCH arrives.
   */
  void understateNextOffset() {
    lieAboutOffset = true;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        open.add(server);
        daemon(() -> pump(client, server, true));
        daemon(() -> pump(server, client, false));
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, boolean upstream) {
    byte[] buffer = new byte[64 * 1024];
    AtomicLong count = upstream ? up : down;
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        long limit = upstream ? cutUpAt : cutDownAt;
        long before = count.get();
        if (before + n >= limit) {
          int pass = (int) Math.max(0, limit - before);
          out.write(buffer, 0, pass);
          count.addAndGet(pass);
          cutUpAt = Long.MAX_VALUE;
          cutDownAt = Long.MAX_VALUE;
          cutAll();
          return;
        }
        if (!upstream && lieAboutOffset && zeroOffset(buffer, n)) {
          lieAboutOffset = false;
        }
        out.write(buffer, 0, n);
        count.addAndGet(n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      close(from);
      close(to);
    }
  }

  private static boolean zeroOffset(byte[] buffer, int n) {
    String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    int at = text.toLowerCase(Locale.ROOT).indexOf("\r\nupload-offset: ");
    if (at < 0) {
      return false;
    }
    for (int i = at + "\r\nupload-offset: ".length(); i < n && Character.isDigit(buffer[i]); i++) {
      buffer[i] = '0';
    }
    return true;
  }

  private void cutAll() {
    open.forEach(CuttingProxy::close);
    open.clear();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cutAll();
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }

  private static void daemon(Runnable task) {
    Thread t = new Thread(task, "cutting-proxy");
    t.setDaemon(true);
    t.start();
  }
}
