package dev.coffer.files;

import dev.coffer.files.storage.ListOptions;
import dev.coffer.files.storage.Listing;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.security.CofferPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Folders: list (sorted, paged, recursive), create, delete. */
@RestController
@Tag(name = "Folders")
class DirsController {

  static final String PREFIX = "/api/v1/dirs";

  /**
   * A page of a folder listing.
   *
   * @param path the folder, relative to the home ("" for the home)
   * @param nextCursor pass as {@code cursor} for the next page; absent on the last one
   */
  record ListingView(String path, List<FileInfoView> entries, @Nullable String nextCursor) {}

  private final FileService files;
  private final FilesProperties properties;

  DirsController(FileService files, FilesProperties properties) {
    this.files = files;
    this.properties = properties;
  }

  @Operation(
      operationId = "listFolder",
      summary = "List a folder (empty path = home)",
      description =
          "One page of entries: limit (default 1000), cursor (from nextCursor), sort ="
              + " name|size|modified, order = asc|desc, recursive = true to walk the tree.")
  @GetMapping({PREFIX, PREFIX + "/**"})
  ListingView list(
      @AuthenticationPrincipal CofferPrincipal me,
      HttpServletRequest request,
      @RequestParam(defaultValue = "1000") int limit,
      @RequestParam(required = false) String cursor,
      @RequestParam(defaultValue = "name") String sort,
      @RequestParam(defaultValue = "asc") String order,
      @RequestParam(defaultValue = "false") boolean recursive)
      throws IOException {
    StoragePath path = RequestPaths.after(request, PREFIX);
    if (limit < 1 || limit > properties.maxListLimit()) {
      throw FilesProblem.badRequest(
          "invalid-request", "limit must be between 1 and " + properties.maxListLimit() + ".");
    }
    ListOptions.Sort by;
    try {
      by = ListOptions.Sort.valueOf(sort.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw FilesProblem.badRequest("invalid-request", "sort must be name, size or modified.");
    }
    if (!order.equals("asc") && !order.equals("desc")) {
      throw FilesProblem.badRequest("invalid-request", "order must be asc or desc.");
    }
    Listing listing =
        files.list(
            me.username(),
            path,
            new ListOptions(by, order.equals("desc"), limit, cursor, recursive));
    return new ListingView(
        path.toString(),
        listing.entries().stream().map(FileInfoView::of).toList(),
        listing.nextCursor());
  }

  @Operation(
      operationId = "createFolder",
      summary = "Create a folder and its parents (201 new, 200 already there)",
      description = "A file in the way is a 409.")
  @PostMapping({PREFIX, PREFIX + "/**"})
  ResponseEntity<FileInfoView> create(
      @AuthenticationPrincipal CofferPrincipal me, HttpServletRequest request) throws IOException {
    StoragePath path = RequestPaths.after(request, PREFIX);
    boolean created = files.mkdirs(me.username(), path);
    return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
        .body(FileInfoView.of(files.stat(me.username(), path)));
  }

  @Operation(
      operationId = "deleteFolder",
      summary = "Delete a folder (recursive=true when it has entries)",
      description =
          "A folder with entries is a 409 unless recursive=true; the home itself cannot"
              + " be deleted.")
  @DeleteMapping({PREFIX, PREFIX + "/**"})
  ResponseEntity<Void> delete(
      @AuthenticationPrincipal CofferPrincipal me,
      HttpServletRequest request,
      @RequestParam(defaultValue = "false") boolean recursive)
      throws IOException {
    files.deleteFolder(me.username(), RequestPaths.after(request, PREFIX), recursive);
    return ResponseEntity.noContent().build();
  }
}
