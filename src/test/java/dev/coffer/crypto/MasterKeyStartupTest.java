package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.CofferApplication;
import dev.coffer.crypto.primitive.SecretBytes;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Start-up with a malformed or a wrong master key stops with a message that says what to fix. */
class MasterKeyStartupTest {

  @TempDir Path storage;

  @Test
  void startWhenMasterKeyMalformedThenStopsNamingTheSetting() {
    assertThatThrownBy(() -> start("--coffer.crypto.master-key=too-short", "jdbc:h2:mem:malformed"))
        .rootCause()
        .hasMessageContaining("COFFER_MASTER_KEY")
        .hasMessageNotContaining("too-short");
  }

  @Test
  void fingerprintWhenFirstStartThenRecordedAndSameKeyPassesOtherKeyFails() {
    KeyRepository keys = new KeyRepository(JdbcClient.create(migratedDatabase("check")));
    MasterKey first = new MasterKey(SecretBytes.random(32), "first");
    CryptoConfig.checkFingerprint(first, keys);
    CryptoConfig.checkFingerprint(first, keys);
    assertThat(keys.masterKeyFingerprint()).contains(first.fingerprint());
    assertThatThrownBy(
            () -> CryptoConfig.checkFingerprint(new MasterKey(SecretBytes.random(32), "X"), keys))
        .isInstanceOf(MasterKeyMismatchException.class)
        .hasMessageContaining("master key from X is not the one");
  }

  @Test
  void startWhenMasterKeyIsNotTheStoredOnesThenStopsWithClearMessage() {
    String url =
        "jdbc:h2:file:" + storage.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    new KeyRepository(JdbcClient.create(migrated(url))).saveMasterKeyFingerprint("0".repeat(64));
    String key = Base64.getEncoder().encodeToString(SecretBytes.random(32).toByteArray());
    assertThatThrownBy(() -> start("--coffer.crypto.master-key=" + key, url))
        .rootCause()
        .isInstanceOf(MasterKeyMismatchException.class)
        .hasMessageContaining("coffer.crypto.master-key (COFFER_MASTER_KEY) is not the one");
  }

  @Test
  void mismatchWhenStartupFailsThenReportedWithoutStackTraceByFailureAnalyzer() {
    List<FailureAnalyzer> analyzers =
        SpringFactoriesLoader.forDefaultResourceLocation()
            .load(
                FailureAnalyzer.class,
                null,
                SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {}));
    FailureAnalysis analysis =
        analyzers.stream()
            .filter(MasterKeyFailureAnalyzer.class::isInstance)
            .findFirst()
            .orElseThrow()
            .analyze(new IllegalStateException("wrapped", new MasterKeyMismatchException("m")));
    assertThat(analysis.getDescription()).isEqualTo("m");
    assertThat(analysis.getAction()).contains("COFFER_MASTER_KEY");
  }

  private void start(String masterKeyArgument, String url) {
    new SpringApplicationBuilder(CofferApplication.class)
        .run(
            masterKeyArgument,
            "--server.port=0",
            "--coffer.storage-dir=" + storage,
            "--coffer.accounts.admin-password=startup-test-password",
            "--spring.datasource.url=" + url)
        .close();
  }

  private static DriverManagerDataSource migratedDatabase(String name) {
    return migrated(
        "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
  }

  private static DriverManagerDataSource migrated(String url) {
    DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "sa", "");
    Flyway.configure().dataSource(dataSource).load().migrate();
    return dataSource;
  }
}
