package dev.coffer.files.tus;

import dev.coffer.support.S3Backend;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The tus protocol end to end with its partial uploads on S3 (S3Proxy). */
class S3TusProtocolEndToEndTest extends TusProtocolEndToEndTest {

  @DynamicPropertySource
  static void s3(DynamicPropertyRegistry registry) {
    S3Backend.register(registry);
  }
}
