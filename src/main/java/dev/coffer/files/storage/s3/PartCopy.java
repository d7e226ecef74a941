package dev.coffer.files.storage.s3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A server-side copy too large for one {@code CopyObject} (over {@link Bucket#MAX_COPY}): a
 * multipart upload whose parts are 512 MiB ranges of the source ({@code UploadPartCopy}), so the
 * bytes never leave the object store. The target appears whole when the upload completes; a copy
 * that fails aborts the upload.
 */
final class PartCopy {

  private static final long PART = 512L * 1024 * 1024;

  private PartCopy() {}

  /**
   * Copies {@code size} bytes of {@code from} to {@code to}, with {@code metadata} or (null) the
   * source's. Returns the new object's etag.
   */
  static String copy(
      Bucket bucket, String from, String to, long size, @Nullable Map<String, String> metadata)
      throws IOException {
    return copy(bucket, from, to, size, metadata, PART);
  }

  /** {@link #copy} in parts of {@code part} bytes (S3 takes 5 MiB and more, bar the last). */
  static String copy(
      Bucket bucket,
      String from,
      String to,
      long size,
      @Nullable Map<String, String> metadata,
      long part)
      throws IOException {
    Map<String, String> meta = metadata;
    if (meta == null) {
      HeadObjectResponse h = bucket.head(from);
      if (h == null) {
        throw new java.nio.file.NoSuchFileException(from);
      }
      meta = h.metadata();
    }
    String name = bucket.name();
    String upload = bucket.createMultipart(to, meta);
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (long at = 0; at < size; at += part) {
        int number = parts.size() + 1;
        String range = "bytes=" + at + "-" + (Math.min(size, at + part) - 1);
        String etag =
            bucket
                .must(
                    "COPY PART " + from,
                    () ->
                        bucket
                            .client()
                            .uploadPartCopy(
                                b ->
                                    b.sourceBucket(name)
                                        .sourceKey(from)
                                        .destinationBucket(name)
                                        .destinationKey(to)
                                        .uploadId(upload)
                                        .partNumber(number)
                                        .copySourceRange(range)))
                .copyPartResult()
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      return bucket.complete(to, upload, parts);
    } catch (IOException | RuntimeException e) {
      bucket.abortQuietly(to, upload);
      throw e;
    }
  }
}
