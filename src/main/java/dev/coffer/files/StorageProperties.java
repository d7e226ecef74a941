package dev.coffer.files;

import dev.coffer.files.storage.s3.S3Properties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where file bytes live.
 *
 * @param backend {@code filesystem} (the folder under {@code coffer.storage-dir}) or {@code s3}
 * @param s3 the S3 backend's settings, read only when it is chosen
 */
@ConfigurationProperties("coffer.storage")
public record StorageProperties(
    @DefaultValue("filesystem") Backend backend, @DefaultValue S3Properties s3) {

  /** The storage backends. */
  public enum Backend {
    FILESYSTEM,
    S3
  }
}
