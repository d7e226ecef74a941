package dev.coffer.files.storage.s3;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Builds the S3 client from the settings and proves them at start-up with a {@code HeadBucket}: an
 * unreachable endpoint, a missing bucket, refused credentials or a wrong region each stop the start
 * with an {@link S3SettingException} that names what to fix.
 */
final class S3Connector {

  private S3Connector() {}

  static Bucket connect(S3Properties properties) {
    return connect(properties, DefaultCredentialsProvider.builder().build());
  }

  static Bucket connect(S3Properties properties, AwsCredentialsProvider credentials) {
    properties.check();
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(properties.region()))
            .forcePathStyle(properties.pathStyleAccess())
            .credentialsProvider(credentials)
            // S3-compatible servers differ in which checksum headers they understand; the
            // SHA-256 of the content is Coffer's own check
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            // no aws-chunked framing (signatures per 128 KiB that the server verifies chunk by
            // chunk), and no payload hash either, over plain HTTP as over HTTPS
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            .putAuthScheme(new UnsignedPayloads())
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(properties.connectTimeout())
                    .socketTimeout(properties.socketTimeout())
                    .maxConnections(properties.maxConnections()))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .apiCallTimeout(properties.apiCallTimeout())
                    .apiCallAttemptTimeout(properties.apiCallAttemptTimeout())
                    .retryStrategy(RetryMode.STANDARD)
                    .build());
    URI endpoint = properties.endpoint();
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    S3Client client = builder.build();
    Bucket bucket = new Bucket(client, properties.bucket(), credentials);
    try {
      check(client, properties);
    } catch (RuntimeException e) {
      bucket.close();
      throw e;
    }
    return bucket;
  }

  private static void check(S3Client client, S3Properties properties) {
    String where =
        properties.endpoint() == null
            ? "AWS S3 (" + properties.region() + ")"
            : properties.endpoint().toString();
    try {
      client.headBucket(b -> b.bucket(properties.bucket()));
    } catch (S3Exception e) {
      switch (e.statusCode()) {
        case 404 ->
            throw new S3SettingException(
                "coffer.storage.s3.bucket",
                "names no bucket at " + where + ": create '" + properties.bucket() + "' first",
                e);
        case 403, 401 ->
            throw new S3SettingException(
                "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY",
                "(the credentials of the default AWS chain) are refused by "
                    + where
                    + " for bucket '"
                    + properties.bucket()
                    + "'",
                e);
        case 301, 400 ->
            throw new S3SettingException(
                "coffer.storage.s3.region",
                "('"
                    + properties.region()
                    + "') or coffer.storage.s3.path-style-access does not"
                    + " match the bucket at "
                    + where
                    + " (answer "
                    + e.statusCode()
                    + ")",
                e);
        default ->
            throw new S3SettingException(
                "coffer.storage.s3.endpoint",
                "("
                    + where
                    + ") answered "
                    + e.statusCode()
                    + " for bucket '"
                    + properties.bucket()
                    + "'",
                e);
      }
    } catch (SdkClientException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("credentials")) {
        throw new S3SettingException(
            "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY",
            "are not set: no credentials were found in the default AWS chain",
            e);
      }
      throw new S3SettingException(
          "coffer.storage.s3.endpoint", "(" + where + ") cannot be reached: " + message, e);
    }
  }
}
