package dev.coffer.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what one request may cost the server, so that slow or oversized clients cannot take its
 * memory or threads from everyone else.
 *
 * @param maxJsonSize the largest JSON request body (413 beyond it); streamed bodies (file uploads,
 *     tus, encrypt-stream) are not JSON and are not bound by it
 * @param maxConcurrentBodies requests whose body is being received at once; one more is a 503 with
 *     Retry-After (on platform threads keep it well below {@code server.tomcat.threads.max})
 * @param bodyReadTimeout the longest a body may pause between two packets (Tomcat's {@code
 *     connectionUploadTimeout})
 * @param minBodyRate bytes per second a body must average over every {@code bodyRateWindow}; a
 *     slower one is cut off
 * @param bodyRateWindow the span over which {@code minBodyRate} is averaged
 */
@Validated
@ConfigurationProperties("coffer.http")
public record HttpLimitsProperties(
    @NotNull @DefaultValue("1MB") DataSize maxJsonSize,
    @Min(1) @Max(100_000) @DefaultValue("100") int maxConcurrentBodies,
    @NotNull @DefaultValue("60s") Duration bodyReadTimeout,
    @NotNull @DefaultValue("1KB") DataSize minBodyRate,
    @NotNull @DefaultValue("60s") Duration bodyRateWindow) {

  public HttpLimitsProperties {
    if (maxJsonSize != null && maxJsonSize.toBytes() < 1) {
      throw new IllegalArgumentException("coffer.http.max-json-size must be at least 1B");
    }
    if (bodyReadTimeout != null
        && (bodyReadTimeout.toMillis() < 1 || bodyReadTimeout.toMillis() > Integer.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "coffer.http.body-read-timeout must be between 1ms and 24 days");
    }
    if (minBodyRate != null && minBodyRate.toBytes() < 0) {
      throw new IllegalArgumentException("coffer.http.min-body-rate must not be negative");
    }
    if (bodyRateWindow != null && bodyRateWindow.toMillis() < 1) {
      throw new IllegalArgumentException("coffer.http.body-rate-window must be positive");
    }
  }
}
