package dev.coffer.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the limits on request bodies: admission, minimum rate and Tomcat's body read timeout. */
@Configuration
class HttpLimitsConfig {

  /**
   * Runs before everything else that might read a body (the security chain included), so that an
   * unauthenticated body takes a place too and cannot hold a thread outside the limit.
   */
  @Bean
  FilterRegistrationBean<RequestBodyAdmission> requestBodyAdmission(
      HttpLimitsProperties limits, ProblemWriter problems, MeterRegistry meters) {
    RequestBodyAdmission admission = new RequestBodyAdmission(limits, problems, System::nanoTime);
    Gauge.builder("coffer.http.bodies.in.flight", admission, RequestBodyAdmission::inFlight)
        .description("requests receiving a body now (coffer.http.max-concurrent-bodies at most)")
        .register(meters);
    FilterRegistrationBean<RequestBodyAdmission> registration =
        new FilterRegistrationBean<>(admission);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /**
   * A body that pauses longer than {@code coffer.http.body-read-timeout} between two packets is cut
   * off; without this, Tomcat would allow a body the (shorter) connection timeout meant for the
   * request line and headers.
   */
  @Bean
  TomcatConnectorCustomizer bodyReadTimeout(HttpLimitsProperties limits) {
    return connector -> {
      if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
        http.setDisableUploadTimeout(false);
        http.setConnectionUploadTimeout((int) limits.bodyReadTimeout().toMillis());
      }
    };
  }
}
