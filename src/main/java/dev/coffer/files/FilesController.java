package dev.coffer.files;

import dev.coffer.Refusal;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.StorageException;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.files.storage.Written;
import dev.coffer.security.CofferPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Files: upload (raw PUT or multipart POST) and delete; downloads are {@link FileDownloads}. */
@RestController
@Tag(name = "Files")
class FilesController {

  static final String PREFIX = "/api/v1/files";

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
      @AuthenticationPrincipal CofferPrincipal me, StoragePath path, HttpServletRequest request)
      throws IOException {
    String user = me.username();
    String sha256;
    try {
      sha256 =
          HttpConditions.clientSha256(
              request.getHeader("Repr-Digest"), request.getHeader("X-Checksum-Sha256"));
    } catch (IllegalArgumentException e) {
      throw FileRefusal.invalid("invalid-digest", e.getMessage());
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
      StoragePath folder,
      @RequestParam("file") List<MultipartFile> parts)
      throws IOException {
    List<FileInfoView> stored = new ArrayList<>();
    for (MultipartFile part : parts) {
      StoragePath path = StoragePaths.child(folder, part.getOriginalFilename());
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
      operationId = "deleteFile",
      summary = "Delete a file (a folder: use DELETE /api/v1/dirs)",
      description = "204 when deleted; 404 when absent; 409 for a folder.")
  @DeleteMapping(PREFIX + "/**")
  ResponseEntity<Void> delete(@AuthenticationPrincipal CofferPrincipal me, StoragePath path)
      throws IOException {
    files.deleteFile(me.username(), path);
    return ResponseEntity.noContent().build();
  }

  private ResponseEntity<FileInfoView> created(Written written, StoragePath path) {
    ResponseEntity.BodyBuilder builder =
        written.created()
            ? ResponseEntity.created(URI.create(PREFIX + "/" + encode(path)))
            : ResponseEntity.ok();
    return builder.eTag(written.info().etag()).body(FileInfoView.of(written.info()));
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
    FileInfo current;
    try {
      current = files.stat(user, path);
    } catch (StorageException e) {
      current = null;
    }
    if (current == null
        || current.folder()
        || !HttpConditions.ifMatchHolds(header, current.etag())) {
      throw new FileRefusal(
          Refusal.Kind.PRECONDITION_FAILED, "precondition-failed", "If-Match does not hold.");
    }
    return current.etag();
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
