package dev.coffer.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.support.EndToEndTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Every open connection holds a pair of 16 KiB direct socket buffers, so connections are capped:
 * past the cap a client waits in the accept queue and is served once another leaves, instead of the
 * acceptor dying of exhausted direct memory (at -Xmx128m and 64 KiB buffers, about 1,000 idle
 * connections did that).
 */
@TestPropertySource(properties = "server.tomcat.max-connections=" + ConnectionLimitEndToEndTest.CAP)
class ConnectionLimitEndToEndTest extends EndToEndTest {

  static final int CAP = 6;

  @Autowired WebServerApplicationContext context;

  @Test
  void connectorWhenStartedThenSmallDirectSocketBuffersAndTheConfiguredCap() {
    Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
    assertThat(((AbstractProtocol<?>) connector.getProtocolHandler()).getMaxConnections())
        .isEqualTo(CAP);
    assertThat(String.valueOf(connector.getProperty("socket.appReadBufSize"))).isEqualTo("16384");
    assertThat(String.valueOf(connector.getProperty("socket.appWriteBufSize"))).isEqualTo("16384");
    assertThat(connector.getProperty("socket.directBuffer")).isEqualTo("true");
  }

  @Test
  void requestWhenConnectionsAtTheCapThenItWaitsAndIsServedWhenOneCloses() throws IOException {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < CAP; i++) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        idle.add(socket);
      }
      try (Socket late = new Socket()) {
        late.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        late.getOutputStream()
            .write(
                "GET /actuator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        late.setSoTimeout(1500);
        InputStream in = late.getInputStream();
        assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);

        idle.remove(0).close();
        late.setSoTimeout(10_000);
        byte[] head = in.readNBytes(12);
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      }
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
    }
  }
}
