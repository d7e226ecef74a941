package dev.coffer.files.storage.s3;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the S3 backend ({@code coffer.storage.s3.*}); checked when the backend starts, so a
 * file-system deployment needs none of them.
 *
 * @param endpoint the S3 server's URL (empty: AWS S3 for {@code region})
 * @param bucket the bucket that holds everything; it must exist
 * @param region the signing region
 * @param pathStyleAccess address the bucket as {@code endpoint/bucket} rather than {@code
 *     bucket.endpoint} (MinIO, S3Proxy, Ceph, Garage usually want true)
 * @param prefix a key prefix in the bucket, for sharing one bucket between deployments ("" or
 *     ending in "/")
 * @param partSize the size of a multipart upload's parts, and of the one part each unfinished tus
 *     upload buffers (at least 5 MiB, S3's minimum)
 * @param partsInFlight parts of one upload sent at once while the next one fills; an upload holds
 *     at most {@code partsInFlight + 1} parts in memory
 * @param connectTimeout how long opening a connection to the server may take
 * @param socketTimeout the longest silence on an open connection (reading or writing)
 * @param apiCallAttemptTimeout the longest one attempt of a call may take, body included (a part)
 * @param apiCallTimeout the longest one call may take with its retries
 * @param maxConnections connections to the server, shared by all requests
 */
public record S3Properties(
    URI endpoint,
    String bucket,
    @DefaultValue("us-east-1") String region,
    @DefaultValue("false") boolean pathStyleAccess,
    @DefaultValue("") String prefix,
    @DefaultValue("8MB") DataSize partSize,
    @DefaultValue("2") int partsInFlight,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("30s") Duration socketTimeout,
    @DefaultValue("2m") Duration apiCallAttemptTimeout,
    @DefaultValue("5m") Duration apiCallTimeout,
    @DefaultValue("64") int maxConnections) {

  static final long MIN_PART = 5L * 1024 * 1024;

  /** The prefix as keys start with it: empty, or ending in one slash. */
  String keyPrefix() {
    if (prefix == null || prefix.isBlank()) {
      return "";
    }
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p.endsWith("/") ? p : p + "/";
  }

  /** Refuses settings that cannot work, naming the setting. */
  void check() {
    if (bucket == null || bucket.isBlank()) {
      throw new S3SettingException(
          "coffer.storage.s3.bucket", "is not set; name the bucket that holds the files");
    }
    if (partSize.toBytes() < MIN_PART || partSize.toBytes() > Integer.MAX_VALUE - 8) {
      throw new S3SettingException(
          "coffer.storage.s3.part-size", "must be between 5MB (S3's smallest part) and 2GB");
    }
    if (partsInFlight < 1 || partsInFlight > 16) {
      throw new S3SettingException("coffer.storage.s3.parts-in-flight", "must be 1 to 16");
    }
    if (endpoint != null && endpoint.getScheme() == null) {
      throw new S3SettingException(
          "coffer.storage.s3.endpoint", "must be a URL such as http://127.0.0.1:9000");
    }
  }
}
