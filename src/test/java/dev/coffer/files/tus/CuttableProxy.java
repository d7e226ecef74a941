package dev.coffer.files.tus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 between a client and a server port that can cut every open connection
 * once the client has sent a given number of bytes: a flaky link, reproducibly. Connections it
 * cannot pass on (the server is down) are closed at once, as a refused connection would be.
 */
public final class CuttableProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong forwarded = new AtomicLong();
  private volatile long cutAt = Long.MAX_VALUE;
  private volatile int cuts;

  public CuttableProxy(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::accept);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Client bytes passed on so far. */
  public long forwarded() {
    return forwarded.get();
  }

  public int cuts() {
    return cuts;
  }

  /** Cuts every connection when the client has sent {@code bytes} in total (once). */
  public void cutAt(long bytes) {
    cutAt = bytes;
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      Socket server;
      try {
        server = new Socket(InetAddress.getLoopbackAddress(), target);
      } catch (IOException e) {
        closeQuietly(client);
        continue;
      }
      open.add(client);
      open.add(server);
      daemon(() -> pump(client, server, true));
      daemon(() -> pump(server, client, false));
    }
  }

  private void pump(Socket from, Socket to, boolean upstream) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (upstream) {
          long total = forwarded.addAndGet(n);
          if (total >= cutAt) {
            cutAt = Long.MAX_VALUE;
            cuts++;
            cutAll();
            return;
          }
        }
        out.write(buffer, 0, n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    } finally {
      open.remove(from);
    }
  }

  private void cutAll() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cutAll();
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "cuttable-proxy");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
