package dev.coffer.files.tus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.EndToEndTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Discovery advertises the size limit when one is set, as tus clients read it before uploading. */
@TestPropertySource(properties = "coffer.files.max-file-size=1MB")
class TusMaxSizeEndToEndTest extends EndToEndTest {

  @Test
  void optionsWhenMaxFileSizeSetThenTusMaxSizeIsTheLimitInBytes() {
    String alice = newUser("alice");
    Response response = as(alice).options(TusProtocolEndToEndTest.UPLOADS);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.header("Tus-Max-Size")).isEqualTo("1048576");
    assertThat(response.header("Tus-Version")).isEqualTo("1.0.0");
  }

  @Test
  void createWhenLengthOverTusMaxSizeThen413() {
    String alice = newUser("alice");
    as(alice)
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", "1048577")
        .header("Upload-Metadata", "filename YS50eHQ=")
        .post(TusProtocolEndToEndTest.UPLOADS)
        .then()
        .statusCode(413);
  }
}
