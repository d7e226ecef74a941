package dev.coffer.account;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Account settings.
 *
 * @param adminUsername the bootstrap admin created on the first start
 * @param adminPassword its password; empty means generate one, print it once and write it to {@code
 *     <storage>/admin-password}
 * @param defaultQuota the quota of new users when the admin gives none; unset means unlimited
 * @param credentialCacheTtl how long a verified Basic credential is trusted without re-running
 *     Argon2
 * @param maxFailuresPerUser failed sign-ins for one username within {@code throttleWindow} before
 *     it is throttled
 * @param maxFailuresPerClient failed sign-ins from one client address within {@code throttleWindow}
 *     before it is throttled
 * @param throttleWindow how long failures are remembered and a throttle lasts
 * @param passwordCheckConcurrency Argon2 checks that may run at once; 0 means half the cores
 * @param maxTokenDays the longest lifetime a bearer token may be given
 * @param tokenCache whether bearer token lookups are cached in memory: {@code auto} (with an
 *     embedded H2 database, which no other node can change, and with PostgreSQL, which tells every
 *     node of each change), {@code on} (a single node on any other database) or {@code off}
 */
@Validated
@ConfigurationProperties("coffer.accounts")
public record AccountProperties(
    @NotNull @Pattern(regexp = Usernames.PATTERN) @DefaultValue("admin") String adminUsername,
    @Size(min = 8, max = 1024) String adminPassword,
    DataSize defaultQuota,
    @NotNull @DefaultValue("5m") Duration credentialCacheTtl,
    @Min(1) @DefaultValue("5") int maxFailuresPerUser,
    @Min(1) @DefaultValue("50") int maxFailuresPerClient,
    @NotNull @DefaultValue("5m") Duration throttleWindow,
    @Min(0) @DefaultValue("0") int passwordCheckConcurrency,
    @Min(1) @DefaultValue("3650") int maxTokenDays,
    @NotNull @DefaultValue("auto") TokenCache.Mode tokenCache) {

  public AccountProperties {
    if (adminPassword != null && adminPassword.isEmpty()) {
      adminPassword = null;
    }
  }

  int effectivePasswordCheckConcurrency() {
    return passwordCheckConcurrency > 0
        ? passwordCheckConcurrency
        : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }
}
