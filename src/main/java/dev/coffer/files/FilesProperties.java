package dev.coffer.files;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * File settings.
 *
 * @param maxFileSize the largest file an upload may store (413 above it); unset means no limit
 * @param maxListLimit the largest {@code limit} a listing accepts
 * @param sendfile let Tomcat send large downloads with {@code sendfile(2)} (fastest; the transfer
 *     log then records the hand-off, not the end of the transfer); false streams them from a
 *     memory-mapped file on the request thread, which logs how each transfer really ended
 * @param listingCacheSize the memory the names of large folders (2,000 entries and more) that the
 *     file-system storage keeps for cursor pages by name may take in all (0: none are kept)
 * @param socketWriteBuffer the direct buffer each connection writes responses through, and so the
 *     largest write Tomcat makes: unset means 16 KiB on the file system (large downloads go by
 *     sendfile and skip it) and 64 KiB on S3 (every download passes through it); each open
 *     connection holds one, idle or not, so it times {@code server.tomcat.max-connections} must fit
 *     in the JVM's direct memory (by default as large as the heap)
 */
@Validated
@ConfigurationProperties("coffer.files")
public record FilesProperties(
    DataSize maxFileSize,
    @Min(1) @Max(1_000_000) @DefaultValue("10000") int maxListLimit,
    @DefaultValue("true") boolean sendfile,
    @DefaultValue("24MB") DataSize listingCacheSize,
    DataSize socketWriteBuffer) {

  public FilesProperties {
    if (socketWriteBuffer != null
        && (socketWriteBuffer.toBytes() < 4096 || socketWriteBuffer.toBytes() > 1024 * 1024)) {
      throw new IllegalArgumentException(
          "coffer.files.socket-write-buffer must be between 4KB and 1MB");
    }
  }

  /** The largest file in bytes, or -1 for no limit. */
  public long maxFileSizeBytes() {
    return maxFileSize == null || maxFileSize.toBytes() < 0 ? -1 : maxFileSize.toBytes();
  }
}
