package dev.coffer.files.tus;

import dev.coffer.disk.NoDiskGate;
import dev.coffer.security.CofferPrincipal;
import dev.coffer.web.Problems;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * tus 1.0.0 at {@code /api/v1/uploads}: discovery ({@code OPTIONS}), creation (with upload), {@code
 * HEAD}, {@code PATCH} (also as {@code POST} with {@code X-HTTP-Method-Override}, which
 * tus-java-client sends on JDKs without {@code PATCH}), termination, checksum and expiration.
 */
@RestController
@Tag(name = "Uploads (tus)")
class TusController {

  static final String PREFIX = "/api/v1/uploads";

  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");

  private final TusService tus;

  TusController(TusService tus) {
    this.tus = tus;
  }

  @Operation(
      operationId = "tusOptions",
      summary = "tus discovery: version, extensions, checksum algorithms, largest upload",
      description =
          "Answers Tus-Version, Tus-Extension, Tus-Checksum-Algorithm and, when"
              + " coffer.files.max-file-size is set, Tus-Max-Size (204).")
  @RequestMapping(path = PREFIX, method = RequestMethod.OPTIONS)
  ResponseEntity<Void> options() {
    HttpHeaders headers = tusHeaders();
    headers.set(Tus.SUPPORTED_VERSIONS, Tus.VERSION);
    headers.set(Tus.EXTENSIONS, Tus.SUPPORTED_EXTENSIONS);
    headers.set(Tus.CHECKSUM_ALGORITHMS, UploadChecksum.SUPPORTED);
    if (tus.maxSize() >= 0) {
      headers.set(Tus.MAX_SIZE, Long.toString(tus.maxSize()));
    }
    return ResponseEntity.noContent().headers(headers).build();
  }

  /** The same discovery answer on an upload's URL, which some clients ask. */
  @Hidden
  @RequestMapping(path = PREFIX + "/{id}", method = RequestMethod.OPTIONS)
  ResponseEntity<Void> optionsForUpload(@PathVariable String id) {
    return options();
  }

  @Operation(
      operationId = "createUpload",
      description =
          "201 with Location of the new upload; with a first chunk also Upload-Offset. The file"
              + " appears at its path atomically when the last byte arrives.",
      summary =
          "tus creation: Upload-Length, Upload-Metadata 'path' (or 'filename');"
              + " a body of type application/offset+octet-stream is the first chunk")
  @PostMapping(PREFIX)
  ResponseEntity<Void> create(
      @AuthenticationPrincipal CofferPrincipal me, HttpServletRequest request) throws IOException {
    requireTus(request);
    if (request.getHeader(Tus.UPLOAD_DEFER_LENGTH) != null) {
      throw TusProblem.badRequest(
          "deferred-length-unsupported", "Send Upload-Length: deferred lengths are not supported.");
    }
    long length = number(request, Tus.UPLOAD_LENGTH);
    boolean withBody = hasBody(request);
    if (withBody && !isChunk(request)) {
      throw unsupportedMediaType();
    }
    UploadChecksum checksum = withBody ? checksum(request) : null;
    boolean overwrite = !"*".equals(trim(request.getHeader(HttpHeaders.IF_NONE_MATCH)));
    TusUpload upload =
        tus.create(me.username(), length, request.getHeader(Tus.UPLOAD_METADATA), overwrite);
    if (withBody && !upload.complete()) {
      try {
        upload =
            tus.patch(
                me.username(),
                upload.id(),
                0,
                checksum,
                request.getInputStream(),
                request.getContentLengthLong());
      } catch (TusService.ChecksumMismatch e) {
        // The upload exists either way; its offset says the chunk was not taken.
      }
    }
    URI location =
        ServletUriComponentsBuilder.fromCurrentRequestUri()
            .path("/{id}")
            .buildAndExpand(upload.id())
            .toUri();
    HttpHeaders headers = progressHeaders(upload);
    headers.setLocation(location);
    return ResponseEntity.status(HttpStatus.CREATED).headers(headers).build();
  }

  @Operation(
      operationId = "headUpload",
      summary = "tus: where to resume (Upload-Offset), with Upload-Length and metadata",
      description = "Another user's upload, or an unknown id, is a 404.")
  @RequestMapping(path = PREFIX + "/{id}", method = RequestMethod.HEAD)
  ResponseEntity<Void> head(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String id,
      HttpServletRequest request)
      throws IOException {
    requireTus(request);
    TusUpload upload = tus.status(me.username(), checkId(id));
    HttpHeaders headers = progressHeaders(upload);
    headers.set(Tus.UPLOAD_LENGTH, Long.toString(upload.length()));
    if (upload.metadata() != null) {
      headers.set(Tus.UPLOAD_METADATA, upload.metadata());
    }
    headers.setCacheControl("no-store");
    return ResponseEntity.ok().headers(headers).build();
  }

  @Operation(
      operationId = "patchUpload",
      description =
          "204 with the new Upload-Offset; 409 on a wrong offset, 415 on a wrong content type,"
              + " 460 when Upload-Checksum does not match (the chunk is discarded).",
      summary =
          "tus: append a chunk at Upload-Offset (application/offset+octet-stream);"
              + " Upload-Checksum sha1 or sha256 optional")
  @PatchMapping(PREFIX + "/{id}")
  @NoDiskGate // on a full disk the service refuses the chunk and removes the upload
  ResponseEntity<Void> patch(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String id,
      HttpServletRequest request)
      throws IOException {
    requireTus(request);
    if (!isChunk(request)) {
      throw unsupportedMediaType();
    }
    long offset = number(request, Tus.UPLOAD_OFFSET);
    UploadChecksum checksum = checksum(request);
    TusUpload upload =
        tus.patch(
            me.username(),
            checkId(id),
            offset,
            checksum,
            request.getInputStream(),
            request.getContentLengthLong());
    return ResponseEntity.noContent().headers(progressHeaders(upload)).build();
  }

  @Operation(
      operationId = "deleteUpload",
      summary = "tus termination: the upload and its data are removed",
      description = "204; 404 for an unknown upload or another user's.")
  @DeleteMapping(PREFIX + "/{id}")
  ResponseEntity<Void> delete(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String id,
      HttpServletRequest request)
      throws IOException {
    requireTus(request);
    tus.terminate(me.username(), checkId(id));
    return ResponseEntity.noContent().headers(tusHeaders()).build();
  }

  @Operation(
      operationId = "overrideUpload",
      summary = "PATCH or DELETE for clients that can only POST (X-HTTP-Method-Override)",
      description = "Behaves as patchUpload or deleteUpload, as X-HTTP-Method-Override says.")
  @PostMapping(PREFIX + "/{id}")
  @NoDiskGate // a PATCH or a DELETE: see patch
  ResponseEntity<Void> override(
      @AuthenticationPrincipal CofferPrincipal me,
      @PathVariable String id,
      HttpServletRequest request)
      throws IOException {
    String method = trim(request.getHeader(Tus.METHOD_OVERRIDE));
    if ("PATCH".equalsIgnoreCase(method)) {
      return patch(me, id, request);
    }
    if ("DELETE".equalsIgnoreCase(method)) {
      return delete(me, id, request);
    }
    throw new TusProblem(
        HttpStatus.METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "POST to an upload needs X-HTTP-Method-Override: PATCH or DELETE.");
  }

  /** 460 is no {@link HttpStatus}, so this one problem is built here rather than by the advice. */
  @ExceptionHandler(TusService.ChecksumMismatch.class)
  ResponseEntity<ProblemDetail> checksumMismatch() {
    ProblemDetail problem =
        Problems.of(
            HttpStatusCode.valueOf(Tus.CHECKSUM_MISMATCH),
            "checksum-mismatch",
            "The chunk does not match its Upload-Checksum and was discarded; send it again.");
    problem.setTitle("Checksum Mismatch");
    return ResponseEntity.status(Tus.CHECKSUM_MISMATCH)
        .headers(tusHeaders())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private static void requireTus(HttpServletRequest request) {
    if (!Tus.VERSION.equals(trim(request.getHeader(Tus.RESUMABLE)))) {
      throw new TusProblem(
          HttpStatus.PRECONDITION_FAILED,
          "unsupported-version",
          "Send Tus-Resumable: " + Tus.VERSION + " (the only version spoken here).");
    }
  }

  private static String checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw TusProblem.notFound();
    }
    return id;
  }

  private static long number(HttpServletRequest request, String header) {
    return number(header, request.getHeader(header));
  }

  /**
   * A tus length or offset header: a non-negative decimal that fits a {@code long}.
   *
   * @throws TusProblem 400 when it is missing or anything else
   */
  static long number(String header, String raw) {
    String value = trim(raw);
    if (value == null) {
      throw TusProblem.badRequest("missing-header", header + " is required.");
    }
    if (!NUMBER.matcher(value).matches()) {
      throw TusProblem.badRequest(
          "invalid-header", header + " must be a non-negative integer, not '" + value + "'.");
    }
    return Long.parseLong(value);
  }

  private static @Nullable UploadChecksum checksum(HttpServletRequest request) {
    try {
      return UploadChecksum.parse(request.getHeader(Tus.UPLOAD_CHECKSUM));
    } catch (IllegalArgumentException e) {
      throw TusProblem.badRequest("invalid-checksum", e.getMessage());
    }
  }

  private static boolean isChunk(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null
        && type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(Tus.CONTENT_TYPE);
  }

  private static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  private static TusProblem unsupportedMediaType() {
    return new TusProblem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        "Chunks must be sent as Content-Type: " + Tus.CONTENT_TYPE + ".");
  }

  private static HttpHeaders tusHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.set(Tus.RESUMABLE, Tus.VERSION);
    return headers;
  }

  private static HttpHeaders progressHeaders(TusUpload upload) {
    HttpHeaders headers = tusHeaders();
    headers.set(Tus.UPLOAD_OFFSET, Long.toString(upload.offset()));
    headers.set(Tus.UPLOAD_EXPIRES, httpDate(upload.expiresAt()));
    return headers;
  }

  private static String httpDate(OffsetDateTime time) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
  }

  private static @Nullable String trim(@Nullable String value) {
    return value == null ? null : value.trim();
  }
}
