package dev.coffer.ui;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Web interface settings.
 *
 * @param sessionLifetime how long a sign-in lasts; the browser must sign in again after it
 */
@Validated
@ConfigurationProperties("coffer.ui")
record UiProperties(@NotNull @DefaultValue("12h") Duration sessionLifetime) {

  UiProperties {
    if (sessionLifetime != null && (sessionLifetime.isNegative() || sessionLifetime.isZero())) {
      throw new IllegalArgumentException("coffer.ui.session-lifetime: must be positive");
    }
  }
}
