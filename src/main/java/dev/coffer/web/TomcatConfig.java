package dev.coffer.web;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the valve behind {@link ConnectionAbort}, how Tomcat treats an encoded slash, the size
 * of its socket read buffer, and when it answers {@code Expect: 100-continue}.
 */
@Configuration
class TomcatConfig {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectionAbortValve() {
    return factory -> factory.addContextValves(new ConnectionAbort.Valve());
  }

  /**
   * Tomcat refuses {@code %2F} in a path by default, before the application sees it; but Swagger UI
   * sends the {@code path} parameter {@code docs/report.pdf} as {@code docs%2Freport.pdf}. {@code
   * passthrough} keeps it encoded in both the raw and the decoded path (never {@code decode}, which
   * would let {@code ..%2F} climb before anyone checks it), and leaves the decision to the security
   * firewall, which accepts it in file paths only (see {@code FilePathFirewall}); the files
   * endpoints then split on it themselves ({@code StoragePath.fromUrl}).
   */
  @Bean
  TomcatConnectorCustomizer encodedSlashPassthrough() {
    return connector ->
        connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
  }

  /**
   * Tomcat reads a request body from the socket in slices of its read buffer, 8 KiB by default (16
   * KiB with the header room). A tus {@code PATCH} writes each slice to storage as it arrives (so
   * what a paused client sent is on disk), which made 16 times the file writes of a {@code PUT}: a
   * 1 GiB upload cost the server a quarter more CPU over tus. 64 KiB: a quarter of the socket reads
   * for every body, and of the writes for tus, for 56 KiB more per connection being read.
   */
  @Bean
  TomcatConnectorCustomizer largerReadBuffer() {
    return connector -> connector.setProperty("socket.appReadBufSize", Integer.toString(64 * 1024));
  }

  /**
   * A client that sends {@code Expect: 100-continue} (curl for large bodies, Coffer's own client
   * for every tus {@code PATCH}) is told to go on only when the application first reads the body,
   * not at once (Tomcat's default): a refusal decided before the body (a wrong {@code
   * Upload-Offset}, no room, a bad token) then costs no upload of data that would be thrown away.
   */
  @Bean
  TomcatConnectorCustomizer continueOnRead() {
    return connector -> {
      if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
        http.setContinueResponseTiming("onRead");
      }
    };
  }
}
