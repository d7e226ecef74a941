package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * With the default settings, idle connections cost little and are bounded in time, and there is
 * room for many more of them than for bodies: 600 that never send a byte leave the service
 * answering.
 */
class IdleConnectionsEndToEndTest extends EndToEndTest {

  @Autowired WebServerApplicationContext context;

  @Test
  void connectorWhenStartedThenBoundedTimeoutsSmallBuffersAndRoomForIdleConnections() {
    Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
    AbstractHttp11Protocol<?> http = (AbstractHttp11Protocol<?>) connector.getProtocolHandler();
    assertThat(http.getConnectionTimeout()).isEqualTo(20_000);
    assertThat(http.getKeepAliveTimeout()).isEqualTo(20_000);
    assertThat(http.getDisableUploadTimeout()).isFalse();
    assertThat(http.getConnectionUploadTimeout()).isEqualTo(60_000);
    assertThat(http.getMaxConnections()).isEqualTo(1024);
    assertThat(Integer.parseInt(String.valueOf(connector.getProperty("socket.appReadBufSize"))))
        .isLessThanOrEqualTo(16 * 1024);
    assertThat(Integer.parseInt(String.valueOf(connector.getProperty("socket.appWriteBufSize"))))
        .isLessThanOrEqualTo(16 * 1024);
  }

  @Test
  void requestWhenSixHundredIdleConnectionsOpenThenStillAnswered() throws IOException {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 600; i++) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        idle.add(socket);
      }
      try (Socket late = new Socket()) {
        late.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        late.setSoTimeout(10_000);
        late.getOutputStream()
            .write(
                "GET /actuator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        InputStream in = late.getInputStream();
        assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII))
            .isEqualTo("HTTP/1.1 200");
      }
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
    }
  }
}
