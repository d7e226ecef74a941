package dev.coffer.cluster;

import static org.awaitility.Awaitility.await;

import dev.coffer.CofferApplication;
import dev.coffer.support.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The peers of a deployment of several nodes, each a real process: a database of its own on the
 * machine's PostgreSQL, Coffer nodes (separate JVMs at {@code -Xmx128m}) and nginx round-robin in
 * front.
 */
final class ClusterPeers {

  static final String NGINX = "/usr/sbin/nginx";

  private ClusterPeers() {}

  static void requireNginx() {
    Peers.require(Files.isExecutable(Path.of(NGINX)), "nginx (Debian nginx-light) at " + NGINX);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PostgreSQL database created for one run and dropped after it. */
  static final class Database implements AutoCloseable {
    final String name = "coffer_cluster_" + UUID.randomUUID().toString().replace("-", "");
    final String url = Peers.POSTGRES_URL.replaceFirst("/test$", "/" + name);
    private final JdbcClient admin =
        JdbcClient.create(new DriverManagerDataSource(Peers.POSTGRES_URL, Peers.POSTGRES_USER, ""));

    Database() {
      Peers.requirePostgres();
      admin.sql("create database " + name).update();
    }

    JdbcClient client() {
      return JdbcClient.create(new DriverManagerDataSource(url, Peers.POSTGRES_USER, ""));
    }

    @Override
    public void close() {
      admin.sql("drop database if exists " + name + " with (force)").update();
    }
  }

  /** One Coffer node: its own JVM, port and log; the database and storage are the cluster's. */
  static final class Node implements AutoCloseable {
    final String id;
    final int port;
    final Path log;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private Process process;

    Node(String id, Path logs, List<String> shared, Map<String, String> environment) {
      this.id = id;
      this.environment = environment;
      this.port = freePort();
      this.log = logs.resolve(id + ".log");
      this.arguments = new ArrayList<>(shared);
      this.arguments.add("--server.port=" + port);
      this.arguments.add("--server.address=127.0.0.1");
      this.arguments.add("--coffer.node.id=" + id);
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + port);
    }

    void start() throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx128m");
      command.add("-cp");
      command.add(
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
      command.add(CofferApplication.class.getName());
      command.addAll(arguments);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      process =
          builder
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    }

    void awaitReady(HttpClient http) {
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(300))
          .ignoreExceptions()
          .failFast("node " + id + " exited; see " + log, () -> !process.isAlive())
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(uri().resolve("/actuator/health")).build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode()
                      == 200);
    }

    /** Ends the process at once (SIGKILL), as a crash or a lost machine would. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      if (process != null && process.isAlive()) {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          kill();
        }
      }
    }
  }

  /**
   * nginx round-robin in front of the nodes, with its own prefix and configuration in a temporary
   * folder. Every answer names the node that gave it ({@code X-Upstream}), bodies stream both ways
   * unbuffered, and a node that refuses connections is skipped for that request but never marked
   * down (so a restarted node takes requests at once).
   */
  static final class Balancer implements AutoCloseable {
    final int port = freePort();
    private final Process process;

    Balancer(Path prefix, List<Node> nodes) throws IOException {
      Files.createDirectories(prefix.resolve("logs"));
      StringBuilder upstream = new StringBuilder();
      for (Node node : nodes) {
        upstream.append("    server 127.0.0.1:").append(node.port).append(" max_fails=0;\n");
      }
      String conf =
          """
          worker_processes 1;
          daemon off;
          pid %1$s/nginx.pid;
          error_log %1$s/logs/error.log warn;
          events { worker_connections 256; }
          http {
            access_log off;
            client_body_temp_path %1$s/body;
            proxy_temp_path %1$s/proxy;
            fastcgi_temp_path %1$s/fastcgi;
            uwsgi_temp_path %1$s/uwsgi;
            scgi_temp_path %1$s/scgi;
            upstream coffer {
          %2$s  }
            server {
              listen 127.0.0.1:%3$d;
              client_max_body_size 0;
              location / {
                proxy_pass http://coffer;
                proxy_http_version 1.1;
                proxy_set_header Host $http_host;
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                proxy_request_buffering off;
                proxy_buffering off;
                proxy_read_timeout 300s;
                proxy_send_timeout 300s;
                add_header X-Upstream $upstream_addr always;
              }
            }
          }
          """
              .formatted(prefix, upstream, port);
      Path file = prefix.resolve("nginx.conf");
      Files.writeString(file, conf);
      process =
          new ProcessBuilder(NGINX, "-p", prefix.toString(), "-c", file.toString())
              .redirectErrorStream(true)
              .redirectOutput(prefix.resolve("logs/nginx.out").toFile())
              .start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
