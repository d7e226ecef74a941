package dev.coffer.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Security settings.
 *
 * @param metricsScrapeToken a bearer token that may read {@code /actuator/prometheus} without an
 *     account; unset means only admins may
 */
@Validated
@ConfigurationProperties("coffer.security")
public record SecurityProperties(String metricsScrapeToken) {}
