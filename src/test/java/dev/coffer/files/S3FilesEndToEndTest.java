package dev.coffer.files;

import dev.coffer.support.S3Backend;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The files API end to end with its bytes on S3 (S3Proxy) instead of the local folder. */
class S3FilesEndToEndTest extends FilesEndToEndTest {

  @DynamicPropertySource
  static void s3(DynamicPropertyRegistry registry) {
    S3Backend.register(registry);
  }

  /** S3 keeps no local file to hand to sendfile: large downloads stream from ranged GETs. */
  @Override
  protected String largeDownloadTiming() {
    return "\\d+ MB/s=[0-9.]+ outcome=ok";
  }
}
