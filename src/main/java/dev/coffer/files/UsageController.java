package dev.coffer.files;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Administration", description = "Operations on the whole deployment (admins only)")
class UsageController {

  private final UsageReconciler reconciler;

  UsageController(UsageReconciler reconciler) {
    this.reconciler = reconciler;
  }

  @PostMapping("/api/v1/admin/reconcile-usage")
  @Operation(
      operationId = "reconcileUsage",
      summary = "Set recorded usage to what storage holds",
      description =
          "Measures every user's files and partial uploads and corrects the recorded usage where"
              + " it differs (after a node crashed mid-upload). Run it when no uploads are in"
              + " flight: space they have reserved is not in storage yet. 409 while another run is"
              + " under way.")
  UsageReconciler.Result reconcile() {
    return reconciler.reconcile();
  }
}
