package dev.coffer.files.tus;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Resumable upload (tus) settings.
 *
 * @param expiration how long an unfinished upload is kept after its creation or its last {@code
 *     PATCH} (announced as {@code Upload-Expires}); then the sweep removes it and gives its bytes
 *     back to the owner's quota
 * @param sweepInterval how often expired uploads are looked for (read by the scheduler from the
 *     same property; validated here)
 * @param maxUploadsPerUser unfinished uploads one user may have at once (429 above)
 */
@Validated
@ConfigurationProperties("coffer.tus")
public record TusProperties(
    @NotNull @DefaultValue("24h") Duration expiration,
    @NotNull @DefaultValue("10m") Duration sweepInterval,
    @Min(1) @Max(100_000) @DefaultValue("100") int maxUploadsPerUser) {

  public TusProperties {
    if (expiration != null && (expiration.isNegative() || expiration.isZero())) {
      throw new IllegalArgumentException("coffer.tus.expiration must be positive");
    }
    if (sweepInterval != null && (sweepInterval.isNegative() || sweepInterval.isZero())) {
      throw new IllegalArgumentException("coffer.tus.sweep-interval must be positive");
    }
  }
}
