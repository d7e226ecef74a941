package dev.coffer.files.tus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadMetadataTest {

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parseWhenPairsThenDecodesUtf8Values() {
    UploadMetadata metadata =
        UploadMetadata.parse(
            "path " + b64("docs/café.pdf") + ",filename " + b64("café.pdf") + ",is_confidential");
    assertThat(metadata.get("path")).isEqualTo("docs/café.pdf");
    assertThat(metadata.get("filename")).isEqualTo("café.pdf");
    assertThat(metadata.values()).containsEntry("is_confidential", "");
    assertThat(metadata.get("is_confidential")).isNull();
    assertThat(metadata.get("missing")).isNull();
    assertThat(UploadMetadata.parse("a,b").values()).containsOnlyKeys("a", "b");
  }

  @Test
  void parseWhenAbsentOrBlankThenEmpty() {
    assertThat(UploadMetadata.parse(null).values()).isEmpty();
    assertThat(UploadMetadata.parse("  ").values()).isEmpty();
  }

  @Test
  void parseWhenValueIsBinaryThenKeptOpaque() {
    String binary = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe});
    assertThat(UploadMetadata.parse("blob " + binary).get("blob")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "path not*base64",
        "path a b",
        ",",
        "path aGk=,path aGk=",
        "ké aGk=",
        "path aGk=,"
      })
  void parseWhenMalformedThenRefusedWhole(String header) {
    assertThatThrownBy(() -> UploadMetadata.parse(header))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Upload-Metadata");
  }

  @Test
  void parseWhenTooLongThenRefused() {
    assertThatThrownBy(() -> UploadMetadata.parse("k " + "A".repeat(UploadMetadata.MAX_LENGTH)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
