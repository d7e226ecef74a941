package dev.coffer.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the valve behind {@link ConnectionAbort}. */
@Configuration
class TomcatConfig {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectionAbortValve() {
    return factory -> factory.addContextValves(new ConnectionAbort.Valve());
  }
}
