package dev.coffer.files.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.CofferApplication;
import dev.coffer.support.S3ProxyProcess;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** An S3 setting that cannot work stops the start with a message that names it. */
@ExtendWith(OutputCaptureExtension.class)
class S3StartupFailureTest {

  @TempDir Path storage;

  @Test
  void startWhenBucketMissingThenStopsNamingTheBucketSetting(CapturedOutput output) {
    System.setProperty("aws.accessKeyId", S3ProxyProcess.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3ProxyProcess.SECRET_KEY);
    String endpoint = S3ProxyProcess.shared().endpoint().toString();
    assertThatThrownBy(() -> start(endpoint, "no-such-bucket"))
        .hasRootCauseInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
    assertThat(output.getOut() + output.getErr())
        .contains("The S3 storage backend cannot start: coffer.storage.s3.bucket names no bucket")
        .contains("Fix coffer.storage.s3.bucket");
  }

  @Test
  void startWhenNothingListensAtTheEndpointThenStopsNamingTheEndpointSetting(
      CapturedOutput output) {
    String closed = "http://127.0.0.1:" + S3ProxyProcess.freePort();
    assertThatThrownBy(() -> start(closed, "coffer")).isInstanceOf(Exception.class);
    assertThat(output.getOut() + output.getErr())
        .contains("coffer.storage.s3.endpoint (" + closed + ") cannot be reached");
  }

  private void start(String endpoint, String bucket) {
    new SpringApplicationBuilder(CofferApplication.class)
        .properties(
            "server.port=0",
            "coffer.storage-dir=" + storage,
            "coffer.accounts.admin-password=admin-password-for-tests",
            "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL",
            "coffer.storage.backend=s3",
            "coffer.storage.s3.endpoint=" + endpoint,
            "coffer.storage.s3.bucket=" + bucket,
            "coffer.storage.s3.path-style-access=true",
            "coffer.storage.s3.connect-timeout=1s",
            "coffer.storage.s3.api-call-timeout=5s")
        .run()
        .close();
  }
}
