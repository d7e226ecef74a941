package dev.coffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

class ConfigurationValidationTest {

  @TempDir Path storage;

  @ParameterizedTest
  @CsvSource({
    "coffer.accounts.max-failures-per-user, 0",
    "coffer.accounts.throttle-window, soon",
    "coffer.accounts.admin-password, short",
    "coffer.accounts.admin-username, ../root",
    "coffer.accounts.default-quota, lots",
    "coffer.accounts.token-cache, sometimes",
    "coffer.http.max-concurrent-bodies, 0",
    "coffer.http.max-json-size, 0B",
  })
  void startWhenSettingInvalidThenFailsNamingTheSetting(String setting, String value) {
    Throwable failure =
        catchThrowable(
            () ->
                new SpringApplicationBuilder(CofferApplication.class)
                    .web(WebApplicationType.NONE)
                    .run(
                        "--coffer.storage-dir=" + storage,
                        // a database of its own: a case that gets as far as the master key
                        // must not leave its fingerprint to the next case's new key
                        "--spring.datasource.url=jdbc:h2:mem:cfg-"
                            + UUID.randomUUID()
                            + ";DB_CLOSE_DELAY=-1",
                        "--" + setting + "=" + value)
                    .close());
    assertThat(failure).isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertThat(messages.toString()).contains(setting);
  }
}
