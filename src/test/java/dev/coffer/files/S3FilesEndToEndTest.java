package dev.coffer.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.support.S3Backend;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
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

  /**
   * Above 4 MiB a download is read ahead of the client on a second thread: same bytes, in order.
   */
  @Test
  void getWhenLargeThenReadAheadServesWholeRangesAndSurvivesAClientLeavingEarly() throws Exception {
    String bob = newUser("bob");
    byte[] data = new byte[13 * 1024 * 1024 + 5];
    new Random(9).nextBytes(data);
    as(bob).body(data).put(files("big.bin")).then().statusCode(201);

    assertThat(as(bob).get(files("big.bin")).asByteArray()).isEqualTo(data);
    assertThat(
            as(bob)
                .header("Range", "bytes=1000-" + (9 * 1024 * 1024))
                .get(files("big.bin"))
                .then()
                .statusCode(206)
                .extract()
                .asByteArray())
        .isEqualTo(Arrays.copyOfRange(data, 1000, 9 * 1024 * 1024 + 1));

    // clients that read a little and go, from the start and from elsewhere: the read-ahead
    // stops and the server serves on
    String token = tokenFor(bob);
    leaveEarly(token, null, Arrays.copyOf(data, 1024 * 1024));
    leaveEarly(token, "bytes=2000-", Arrays.copyOfRange(data, 2000, 2000 + 1024 * 1024));
    assertThat(as(bob).get(files("big.bin")).asByteArray()).isEqualTo(data);
  }

  private void leaveEarly(String token, String range, byte[] expectedStart) throws Exception {
    HttpURLConnection c =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + port + files("big.bin")).toURL().openConnection();
    c.setRequestProperty("Authorization", "Bearer " + token);
    if (range != null) {
      c.setRequestProperty("Range", range);
    }
    try (InputStream in = c.getInputStream()) {
      assertThat(in.readNBytes(expectedStart.length)).isEqualTo(expectedStart);
    }
    c.disconnect();
  }
}
