package dev.coffer.files;

import dev.coffer.files.storage.StoragePath;
import dev.coffer.security.CofferPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A folder as a zip, built while it streams out. */
@RestController
@Tag(name = "Files")
class ArchiveController {

  static final String PREFIX = "/api/v1/archive";

  private final FileService files;

  ArchiveController(FileService files) {
    this.files = files;
  }

  @Operation(
      operationId = "downloadArchive",
      summary = "Download a folder as a zip (empty path = the whole home)",
      description = "The folder streamed as a zip built on the fly, at constant memory.",
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "the zip",
              content =
                  @Content(
                      mediaType = "application/zip",
                      schema = @Schema(type = "string", format = "binary"))))
  @GetMapping({PREFIX, PREFIX + "/**"})
  void archive(
      @AuthenticationPrincipal CofferPrincipal me, StoragePath path, HttpServletResponse response)
      throws IOException {
    files.folder(me.username(), path);
    String name = (path.isRoot() ? me.username() : path.name()) + ".zip";
    response.setContentType("application/zip");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, HttpConditions.attachment(name));
    response.setHeader("X-Content-Type-Options", "nosniff");
    try {
      files.archive(me.username(), path, response.getOutputStream());
    } catch (ClientGoneException e) {
      // Logged as aborted; nobody is left to tell.
    }
  }
}
