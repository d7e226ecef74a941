package dev.coffer.files.storage.s3;

import dev.coffer.UpstreamFailure;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The bucket as the backend uses it: a thin layer over the SDK's client that gives S3's answers
 * their meaning here. A missing object is null, a failed condition is {@link PreconditionFailed},
 * and every other failure (an error answer, a timeout, a refused connection) is an {@link
 * UpstreamFailure}, which the web layer answers with 502 or 503.
 */
final class Bucket implements Closeable {

  /** S3's largest single copy; larger objects are copied part by part. */
  static final long MAX_COPY = 5L * 1024 * 1024 * 1024;

  /** S3's largest single {@code PUT}. */
  static final long MAX_PUT = 5L * 1024 * 1024 * 1024;

  /** A slowest client the time limit of a streamed {@code PUT} allows for, in bytes a second. */
  private static final long SLOWEST_CLIENT = 64 * 1024;

  /** An {@code If-Match} (or {@code If-None-Match}) condition did not hold. */
  static final class PreconditionFailed extends IOException {
    PreconditionFailed() {
      super("precondition failed");
    }
  }

  /** One page of a listing. */
  record Page(List<S3Object> objects, List<String> prefixes, @Nullable String next) {}

  @FunctionalInterface
  interface Call<T> {
    T run();
  }

  private final S3Client client;
  private final String name;
  private final @Nullable AwsCredentialsProvider credentials;

  Bucket(S3Client client, String name, @Nullable AwsCredentialsProvider credentials) {
    this.client = client;
    this.name = name;
    this.credentials = credentials;
  }

  S3Client client() {
    return client;
  }

  String name() {
    return name;
  }

  /** Runs one call, translating its failures (see the class comment); 404 gives null. */
  <T> @Nullable T call(String what, Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      if (e.statusCode() == 412) {
        throw new PreconditionFailed();
      }
      throw new UpstreamFailure(
          what + ": the object store answered " + e.statusCode() + " " + errorCode(e), true, e);
    } catch (SdkClientException e) {
      throw new UpstreamFailure(
          what + ": the object store did not answer: " + e.getMessage(), false, e);
    } catch (SdkException e) {
      throw new UpstreamFailure(what + ": " + e.getMessage(), true, e);
    }
  }

  /** {@link #call} for calls whose target must exist (an upload in progress, say). */
  <T> T must(String what, Call<T> call) throws IOException {
    T result = call(what, call);
    if (result == null) {
      throw new UpstreamFailure(what + ": the object store no longer has it", true, null);
    }
    return result;
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
  }

  @Nullable HeadObjectResponse head(String key) throws IOException {
    return call("HEAD " + key, () -> client.headObject(b -> b.bucket(name).key(key)));
  }

  /** Whether anything is stored under {@code prefix} (a folder's key, with its slash). */
  boolean anyUnder(String prefix) throws IOException {
    Page page = list(prefix, null, null, 1);
    return !page.objects().isEmpty() || !page.prefixes().isEmpty();
  }

  /**
   * One page of keys under {@code prefix}; with {@code delimiter} "/" the sub-folders come as
   * prefixes.
   */
  Page list(String prefix, @Nullable String delimiter, @Nullable String continuation, int max)
      throws IOException {
    ListObjectsV2Request.Builder request =
        ListObjectsV2Request.builder().bucket(name).prefix(prefix).maxKeys(max);
    if (delimiter != null) {
      request.delimiter(delimiter);
    }
    if (continuation != null) {
      request.continuationToken(continuation);
    }
    ListObjectsV2Response r = call("LIST " + prefix, () -> client.listObjectsV2(request.build()));
    if (r == null) {
      throw new UpstreamFailure("LIST " + prefix + ": the bucket is gone", true, null);
    }
    return new Page(
        r.contents(),
        r.commonPrefixes().stream().map(CommonPrefix::prefix).toList(),
        Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null);
  }

  /** Every object under {@code prefix}, page by page. */
  void forEach(String prefix, ObjectVisitor visitor) throws IOException {
    String next = null;
    do {
      Page page = list(prefix, null, next, 1000);
      for (S3Object o : page.objects()) {
        visitor.visit(o);
      }
      next = page.next();
    } while (next != null);
  }

  interface ObjectVisitor {
    void visit(S3Object object) throws IOException;
  }

  void put(String key, byte[] content, int length, Map<String, String> metadata)
      throws IOException {
    call(
        "PUT " + key,
        () ->
            client.putObject(
                b -> b.bucket(name).key(key).metadata(metadata).contentLength((long) length),
                RequestBody.fromContentProvider(
                    () -> new ByteArrayInputStream(content, 0, length),
                    length,
                    "application/octet-stream")));
  }

  /**
   * One {@code PUT} of {@code length} bytes read from {@code body} as they come. It is sent once,
   * never retried (the body cannot be read twice), and the call's time limits grow with the length,
   * since a streamed body arrives as fast as the client sends it; a stalled client or server is the
   * socket timeouts' to catch.
   */
  void putStream(String key, InputStream body, long length, Map<String, String> metadata)
      throws IOException {
    Duration limit = Duration.ofMinutes(5).plusSeconds(length / SLOWEST_CLIENT);
    call(
        "PUT " + key,
        () ->
            client.putObject(
                b ->
                    b.bucket(name)
                        .key(key)
                        .metadata(metadata)
                        .contentLength(length)
                        .overrideConfiguration(
                            o ->
                                o.apiCallTimeout(limit)
                                    .apiCallAttemptTimeout(limit)
                                    .addPlugin(
                                        c ->
                                            c.overrideConfiguration(
                                                r ->
                                                    r.retryStrategy(
                                                        AwsRetryStrategy.doNotRetry())))),
                RequestBody.fromContentProvider(() -> body, length, "application/octet-stream")));
  }

  void delete(String key) throws IOException {
    call("DELETE " + key, () -> client.deleteObject(b -> b.bucket(name).key(key)));
  }

  /** Deletes keys in batches of a thousand (S3's limit per request). */
  void deleteAll(List<String> keys) throws IOException {
    for (int from = 0; from < keys.size(); from += 1000) {
      List<ObjectIdentifier> batch =
          keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
              .map(k -> ObjectIdentifier.builder().key(k).build())
              .toList();
      call(
          "DELETE " + batch.size() + " objects",
          () ->
              client.deleteObjects(
                  b -> b.bucket(name).delete(Delete.builder().objects(batch).quiet(true).build())));
    }
  }

  /**
   * A server-side copy, keeping the metadata unless {@code metadata} replaces it; part by part for
   * objects over 5 GiB ({@link PartCopy}). Returns the new object's etag.
   */
  String copy(String from, String to, long size, @Nullable Map<String, String> metadata)
      throws IOException {
    if (size <= MAX_COPY) {
      CopyObjectResponse r =
          call(
              "COPY " + from,
              () ->
                  client.copyObject(
                      b -> {
                        b.sourceBucket(name)
                            .sourceKey(from)
                            .destinationBucket(name)
                            .destinationKey(to);
                        if (metadata != null) {
                          b.metadataDirective(MetadataDirective.REPLACE).metadata(metadata);
                        }
                      }));
      if (r == null) {
        throw new java.nio.file.NoSuchFileException(from);
      }
      return ObjectInfos.unquote(r.copyObjectResult().eTag());
    }
    return PartCopy.copy(this, from, to, size, metadata);
  }

  String createMultipart(String key, Map<String, String> metadata) throws IOException {
    return must(
            "CREATE UPLOAD " + key,
            () -> client.createMultipartUpload(b -> b.bucket(name).key(key).metadata(metadata)))
        .uploadId();
  }

  /** Sends one part from {@code content[0, length)}; returns its etag. */
  String uploadPart(String key, String upload, int number, byte[] content, int length)
      throws IOException {
    return must(
            "UPLOAD PART " + number + " " + key,
            () ->
                client.uploadPart(
                    b ->
                        b.bucket(name)
                            .key(key)
                            .uploadId(upload)
                            .partNumber(number)
                            .contentLength((long) length),
                    RequestBody.fromContentProvider(
                        () -> new ByteArrayInputStream(content, 0, length),
                        length,
                        "application/octet-stream")))
        .eTag();
  }

  /** Completes a multipart upload: the object appears whole. Returns its etag. */
  String complete(String key, String upload, List<CompletedPart> parts) throws IOException {
    var r =
        call(
            "COMPLETE " + key,
            () ->
                client.completeMultipartUpload(
                    b ->
                        b.bucket(name)
                            .key(key)
                            .uploadId(upload)
                            .multipartUpload(m -> m.parts(parts))));
    if (r == null) {
      throw new java.nio.file.NoSuchFileException("upload " + upload);
    }
    return ObjectInfos.unquote(r.eTag());
  }

  void abort(String key, String upload) throws IOException {
    call(
        "ABORT " + key,
        () -> client.abortMultipartUpload(b -> b.bucket(name).key(key).uploadId(upload)));
  }

  /** Aborts, leaving a failure to abort to the bucket's lifecycle rule (README). */
  void abortQuietly(String key, String upload) {
    try {
      abort(key, upload);
    } catch (IOException | RuntimeException e) {
      // an incomplete upload left behind; the lifecycle rule for incomplete uploads removes it
    }
  }

  /** Unfinished multipart uploads under {@code prefix}. */
  List<MultipartUpload> uploadsUnder(String prefix) throws IOException {
    List<MultipartUpload> all = new ArrayList<>();
    String keyMarker = null;
    String idMarker = null;
    while (true) {
      String k = keyMarker;
      String i = idMarker;
      var r =
          call(
              "LIST UPLOADS " + prefix,
              () ->
                  client.listMultipartUploads(
                      b -> b.bucket(name).prefix(prefix).keyMarker(k).uploadIdMarker(i)));
      if (r == null) {
        return all;
      }
      all.addAll(r.uploads());
      if (!Boolean.TRUE.equals(r.isTruncated())) {
        return all;
      }
      keyMarker = r.nextKeyMarker();
      idMarker = r.nextUploadIdMarker();
    }
  }

  /**
   * The bytes of {@code key} in {@code [start, end]} (null: to the end), if it is still {@code
   * etag}.
   */
  @Nullable ResponseInputStream<GetObjectResponse> get(
      String key, @Nullable String range, @Nullable String etag) throws IOException {
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(name).key(key);
    if (range != null) {
      request.range(range);
    }
    if (etag != null) {
      request.ifMatch("\"" + etag + "\"");
    }
    return call("GET " + key, () -> client.getObject(request.build()));
  }

  @Override
  public void close() {
    client.close();
    if (credentials instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // nothing to do at shutdown
      }
    }
  }
}
