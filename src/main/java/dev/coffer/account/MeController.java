package dev.coffer.account;

import dev.coffer.account.AccountDtos.Me;
import dev.coffer.account.AccountDtos.PasswordChange;
import dev.coffer.security.CofferPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Account", description = "The signed-in account")
class MeController {

  private final AccountService accounts;

  MeController(AccountService accounts) {
    this.accounts = accounts;
  }

  @GetMapping
  @Operation(
      operationId = "getMe",
      summary = "Who am I",
      description = "The signed-in account: name, admin flag, quota and bytes in use.")
  Me me(@AuthenticationPrincipal CofferPrincipal me) {
    return Me.of(accounts.get(me.username()));
  }

  @PutMapping("/password")
  @Operation(
      operationId = "changePassword",
      summary = "Change my password",
      description =
          "Needs the current password. Cached sign-ins and the old password stop working at"
              + " once; bearer tokens stay valid.")
  ResponseEntity<Void> changePassword(
      @AuthenticationPrincipal CofferPrincipal me, @Valid @RequestBody PasswordChange change) {
    accounts.changePassword(me.username(), change.currentPassword(), change.newPassword());
    return ResponseEntity.noContent().build();
  }
}
