package dev.coffer.files;

import dev.coffer.security.CofferPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Move and copy of files and folders within the caller's home. */
@RestController
@Tag(name = "Files")
class OpsController {

  /**
   * A move or copy.
   *
   * @param from the source, relative to the home
   * @param to the target, relative to the home
   * @param overwrite replace an existing target of the same kind
   */
  record OpRequest(String from, String to, Boolean overwrite) {
    boolean replace() {
      return Boolean.TRUE.equals(overwrite);
    }
  }

  private final FileService files;

  OpsController(FileService files) {
    this.files = files;
  }

  @Operation(
      operationId = "moveEntry",
      summary = "Move or rename a file or folder",
      description = "An existing target is a 409 unless overwrite is true; parents are created.")
  @PostMapping("/api/v1/ops/move")
  FileInfoView move(@AuthenticationPrincipal CofferPrincipal me, @RequestBody OpRequest op)
      throws IOException {
    return FileInfoView.of(
        files.move(
            me.username(),
            StoragePaths.fromText("from", op.from()),
            StoragePaths.fromText("to", op.to()),
            op.replace()));
  }

  @Operation(
      operationId = "copyEntry",
      summary = "Copy a file or folder",
      description = "201 with the copy; an existing target is a 409 unless overwrite is true.")
  @PostMapping("/api/v1/ops/copy")
  ResponseEntity<FileInfoView> copy(
      @AuthenticationPrincipal CofferPrincipal me, @RequestBody OpRequest op) throws IOException {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            FileInfoView.of(
                files.copy(
                    me.username(),
                    StoragePaths.fromText("from", op.from()),
                    StoragePaths.fromText("to", op.to()),
                    op.replace())));
  }
}
