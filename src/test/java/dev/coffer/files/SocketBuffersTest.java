package dev.coffer.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Tomcat's socket buffers by backend: small where downloads go by sendfile, larger on S3. */
class SocketBuffersTest {

  private static Connector customized(
      StorageProperties.Backend backend, DataSize socketWriteBuffer) {
    FilesProperties files =
        new FilesProperties(null, 10_000, true, DataSize.ofMegabytes(24), socketWriteBuffer);
    Connector connector = new Connector("HTTP/1.1");
    new FilesConfig()
        .socketBuffers(files, new StorageProperties(backend, null))
        .customize(connector);
    return connector;
  }

  private static String write(Connector c) {
    return String.valueOf(c.getProperty("socket.appWriteBufSize"));
  }

  @Test
  void buffersWhenFileSystemThenSixteenKibEachWayAndDirect() {
    Connector c = customized(StorageProperties.Backend.FILESYSTEM, null);
    assertThat(write(c)).isEqualTo("16384");
    assertThat(String.valueOf(c.getProperty("socket.appReadBufSize"))).isEqualTo("16384");
    assertThat(String.valueOf(c.getProperty("socket.directBuffer"))).isEqualTo("true");
  }

  @Test
  void buffersWhenS3ThenDownloadsWriteInSixtyFourKibSlices() {
    Connector c = customized(StorageProperties.Backend.S3, null);
    assertThat(write(c)).isEqualTo("65536");
    assertThat(String.valueOf(c.getProperty("socket.appReadBufSize"))).isEqualTo("16384");
  }

  @Test
  void buffersWhenSetThenTheSettingWinsOnEitherBackend() {
    assertThat(write(customized(StorageProperties.Backend.S3, DataSize.ofKilobytes(128))))
        .isEqualTo("131072");
    assertThat(write(customized(StorageProperties.Backend.FILESYSTEM, DataSize.ofKilobytes(32))))
        .isEqualTo("32768");
  }

  @Test
  void settingWhenOutsideFourKibToOneMibThenRefusedNamingIt() {
    assertThatThrownBy(
            () -> new FilesProperties(null, 1, true, DataSize.ofBytes(0), DataSize.ofBytes(1024)))
        .hasMessageContaining("coffer.files.socket-write-buffer");
    assertThatThrownBy(
            () -> new FilesProperties(null, 1, true, DataSize.ofBytes(0), DataSize.ofMegabytes(2)))
        .hasMessageContaining("coffer.files.socket-write-buffer");
  }
}
