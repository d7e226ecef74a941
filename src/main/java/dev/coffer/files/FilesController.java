package dev.coffer.files;

import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.Written;
import dev.coffer.security.CofferPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Files: upload (raw PUT or multipart POST), download with ranges and validators, delete. */
@RestController
@Tag(name = "Files")
class FilesController {

  static final String PREFIX = "/api/v1/files";

  /** Response buffer of large streamed downloads, so writes reach the socket layer unsplit. */
  private static final int WRITE_SLICE = 64 * 1024;

  private final FileService files;

  FilesController(FileService files) {
    this.files = files;
  }

  @Operation(
      operationId = "uploadFile",
      summary = "Upload a file (raw body); creates missing parent folders",
      description =
          "Streams the body to {path} and commits it atomically: 201 for a new file, 200 for a"
              + " replaced one. If-None-Match: * refuses to replace (412); If-Match: <etag>"
              + " replaces only that version (412). Repr-Digest: sha-256=:<base64>: or"
              + " X-Checksum-Sha256: <hex> is checked before commit (400 on mismatch). 413 over"
              + " the size limit, 507 over quota.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "application/octet-stream",
                      schema = @Schema(type = "string", format = "binary"))))
  @PutMapping(PREFIX + "/**")
  ResponseEntity<FileInfoView> put(
      @AuthenticationPrincipal CofferPrincipal me, HttpServletRequest request) throws IOException {
    StoragePath path = RequestPaths.after(request, PREFIX);
    String user = me.username();
    String sha256;
    try {
      sha256 =
          HttpConditions.clientSha256(
              request.getHeader("Repr-Digest"), request.getHeader("X-Checksum-Sha256"));
    } catch (IllegalArgumentException e) {
      throw FilesProblem.badRequest("invalid-digest", e.getMessage());
    }
    boolean overwrite = !"*".equals(trimmed(request.getHeader(HttpHeaders.IF_NONE_MATCH)));
    String ifMatch = ifMatch(user, path, request.getHeader(HttpHeaders.IF_MATCH));
    FileService.Upload upload =
        new FileService.Upload(overwrite, ifMatch, sha256, request.getContentLengthLong());
    Written written = files.upload(user, path, request.getInputStream(), upload);
    return created(written, path);
  }

  @Operation(
      operationId = "uploadForm",
      summary = "Upload files from a browser form (multipart part `file`, repeatable)",
      description =
          "Stores each part named file in the folder {path} under the part's file name, with the"
              + " same guarantees as uploadFile; 201 with the stored files.")
  @PostMapping(path = PREFIX + "/**", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<List<FileInfoView>> post(
      @AuthenticationPrincipal CofferPrincipal me,
      HttpServletRequest request,
      @RequestParam("file") List<MultipartFile> parts)
      throws IOException {
    StoragePath folder = RequestPaths.after(request, PREFIX);
    List<FileInfoView> stored = new ArrayList<>();
    for (MultipartFile part : parts) {
      StoragePath path = RequestPaths.child(folder, part.getOriginalFilename());
      try (InputStream in = part.getInputStream()) {
        stored.add(
            FileInfoView.of(
                files
                    .upload(
                        me.username(),
                        path,
                        in,
                        new FileService.Upload(true, null, null, part.getSize()))
                    .info()));
      }
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(stored);
  }

  @Operation(
      operationId = "downloadFile",
      summary = "Download a file; supports Range, If-None-Match, If-Range; HEAD too",
      description =
          "The bytes of {path} as an attachment, with ETag, Last-Modified, Repr-Digest,"
              + " Accept-Ranges, nosniff and a sandbox CSP. A single Range gives 206 (416 when"
              + " unsatisfiable); If-None-Match gives 304; a folder is a 400.",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "the file",
            content =
                @Content(
                    mediaType = "application/octet-stream",
                    schema = @Schema(type = "string", format = "binary"))),
        @ApiResponse(
            responseCode = "206",
            description = "the requested range",
            content =
                @Content(
                    mediaType = "application/octet-stream",
                    schema = @Schema(type = "string", format = "binary"))),
        @ApiResponse(responseCode = "304", description = "not modified"),
        @ApiResponse(responseCode = "416", description = "range not satisfiable")
      })
  @GetMapping(PREFIX + "/**")
  void get(
      @AuthenticationPrincipal CofferPrincipal me,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    StoragePath path = RequestPaths.after(request, PREFIX);
    try (OpenFile file = files.open(me.username(), path)) {
      FileInfo info = file.info();
      String etag = "\"" + info.etag() + "\"";
      long lastModified = info.modified().toEpochMilli() / 1000 * 1000;
      response.setHeader(HttpHeaders.ETAG, etag);
      response.setDateHeader(HttpHeaders.LAST_MODIFIED, lastModified);
      response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
      response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
      if (notModified(request, info.etag(), lastModified)) {
        response.setStatus(HttpStatus.NOT_MODIFIED.value());
        return;
      }
      ByteRange range = null;
      if (rangeApplies(request, info.etag(), lastModified)) {
        try {
          range = HttpConditions.range(request.getHeader(HttpHeaders.RANGE), info.size());
        } catch (HttpConditions.Unsatisfiable e) {
          response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + info.size());
          throw new FilesProblem(
              HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
              "range-not-satisfiable",
              "The range lies beyond the end of the file (" + info.size() + " bytes).");
        }
      }
      response.setHeader(HttpHeaders.CONTENT_DISPOSITION, HttpConditions.attachment(info.name()));
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Content-Security-Policy", "sandbox");
      if (info.sha256() != null) {
        response.setHeader("Repr-Digest", HttpConditions.reprDigest(info.sha256()));
      }
      response.setContentType(
          MediaTypeFactory.getMediaType(info.name())
              .orElse(MediaType.APPLICATION_OCTET_STREAM)
              .toString());
      if (range == null) {
        range = ByteRange.all(info.size());
      } else {
        response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
        response.setHeader(
            HttpHeaders.CONTENT_RANGE,
            "bytes " + range.start() + "-" + range.end() + "/" + info.size());
      }
      response.setContentLengthLong(range.length());
      if ("HEAD".equals(request.getMethod())) {
        return;
      }
      if (files.handOff(
          me.username(), file, range, (name, start, end) -> sendfile(request, name, start, end))) {
        return;
      }
      if (range.length() > WRITE_SLICE) {
        response.setBufferSize(WRITE_SLICE);
      }
      files.send(me.username(), file, range, new ResponseChannel(response.getOutputStream()));
    }
  }

  /** Tomcat's sendfile: the container opens the file and sends the region once we return. */
  private static boolean sendfile(HttpServletRequest request, String name, long start, long end) {
    if (!Boolean.TRUE.equals(request.getAttribute("org.apache.tomcat.sendfile.support"))) {
      return false;
    }
    request.setAttribute("org.apache.tomcat.sendfile.filename", name);
    request.setAttribute("org.apache.tomcat.sendfile.start", start);
    request.setAttribute("org.apache.tomcat.sendfile.end", end);
    return true;
  }

  @Operation(
      operationId = "deleteFile",
      summary = "Delete a file (a folder: use DELETE /api/v1/dirs)",
      description = "204 when deleted; 404 when absent; 409 for a folder.")
  @DeleteMapping(PREFIX + "/**")
  ResponseEntity<Void> delete(
      @AuthenticationPrincipal CofferPrincipal me, HttpServletRequest request) throws IOException {
    files.deleteFile(me.username(), RequestPaths.after(request, PREFIX));
    return ResponseEntity.noContent().build();
  }

  private ResponseEntity<FileInfoView> created(Written written, StoragePath path) {
    ResponseEntity.BodyBuilder builder =
        written.created()
            ? ResponseEntity.created(URI.create(PREFIX + "/" + encode(path)))
            : ResponseEntity.ok();
    return builder.eTag("\"" + written.info().etag() + "\"").body(FileInfoView.of(written.info()));
  }

  /**
   * The exact etag the current file must have for {@code If-Match}, or null without the header. A
   * list or {@code *} is resolved against the file now; storage re-checks the one etag at commit.
   */
  private @Nullable String ifMatch(String user, StoragePath path, @Nullable String header)
      throws IOException {
    if (header == null) {
      return null;
    }
    List<String> tags = HttpConditions.entityTags(header);
    FileInfo current;
    try {
      current = files.stat(user, path);
    } catch (FilesProblem e) {
      current = null;
    }
    if (current == null
        || current.folder()
        || !(tags.contains("*") || tags.contains(current.etag()))) {
      throw new FilesProblem(
          HttpStatus.PRECONDITION_FAILED, "precondition-failed", "If-Match does not hold.");
    }
    return current.etag();
  }

  private static boolean notModified(HttpServletRequest request, String etag, long lastModified) {
    String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      return HttpConditions.noneMatchHits(ifNoneMatch, etag);
    }
    long since = dateHeader(request, HttpHeaders.IF_MODIFIED_SINCE);
    return since >= 0 && lastModified <= since;
  }

  private static boolean rangeApplies(HttpServletRequest request, String etag, long lastModified) {
    String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
    if (ifRange == null) {
      return true;
    }
    String value = ifRange.trim();
    if (value.startsWith("\"") || value.startsWith("W/")) {
      return HttpConditions.strongMatch(value, etag);
    }
    return dateHeader(request, HttpHeaders.IF_RANGE) == lastModified;
  }

  private static long dateHeader(HttpServletRequest request, String name) {
    try {
      return request.getDateHeader(name);
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  private static @Nullable String trimmed(@Nullable String value) {
    return value == null ? null : value.trim();
  }

  static String encode(StoragePath path) {
    List<String> parts = new ArrayList<>();
    for (String segment : path.segments()) {
      parts.add(
          org.springframework.web.util.UriUtils.encodePathSegment(
              segment, java.nio.charset.StandardCharsets.UTF_8));
    }
    return String.join("/", parts);
  }
}
