package dev.coffer.files.tus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UploadChecksumTest {

  @ParameterizedTest
  @CsvSource({
    // digests of "hello" from sha1sum / sha256sum, in base64
    "sha1, qvTGHdzF6KLavt4PO0gs2a6pQ00=",
    "SHA1, qvTGHdzF6KLavt4PO0gs2a6pQ00=",
    "sha256, LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="
  })
  void parseWhenSupportedThenMatchesTheRightBytesOnly(String algorithm, String digest) {
    UploadChecksum checksum = UploadChecksum.parse(algorithm + " " + digest);
    byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
    byte[] other = "hellO".getBytes(StandardCharsets.US_ASCII);
    assertThat(checksum.matches(checksum.newDigest().digest(hello))).isTrue();
    assertThat(checksum.matches(checksum.newDigest().digest(other))).isFalse();
  }

  @Test
  void parseWhenAbsentThenNull() {
    assertThat(UploadChecksum.parse(null)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "md5 XUFAKrxLKna5cZ2REBfFkg==",
        "crc32 AAAAAA==",
        "sha1",
        "sha1 not-base64!",
        "sha1 qvTGHdzF6KLavt4PO0gs2a6pQ00= extra",
        "sha256 qvTGHdzF6KLavt4PO0gs2a6pQ00="
      })
  void parseWhenMalformedOrUnsupportedThenRefused(String header) {
    assertThatThrownBy(() -> UploadChecksum.parse(header))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Upload-Checksum");
  }
}
