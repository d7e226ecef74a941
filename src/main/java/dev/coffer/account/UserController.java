package dev.coffer.account;

import dev.coffer.account.AccountDtos.NewUser;
import dev.coffer.account.AccountDtos.UserInfo;
import dev.coffer.account.AccountDtos.UserPatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "Account management (admins only)")
class UserController {

  private final AccountService accounts;

  UserController(AccountService accounts) {
    this.accounts = accounts;
  }

  @PostMapping
  @Operation(
      operationId = "createUser",
      summary = "Create a user",
      description = "409 when the name is taken.")
  ResponseEntity<UserInfo> create(@Valid @RequestBody NewUser user) {
    User created =
        accounts.create(
            user.username(), user.password(), Boolean.TRUE.equals(user.admin()), user.quotaBytes());
    return ResponseEntity.status(HttpStatus.CREATED).body(UserInfo.of(created));
  }

  @GetMapping
  @Operation(
      operationId = "listUsers",
      summary = "List users",
      description = "Every account, by name.")
  List<UserInfo> list() {
    return accounts.list().stream().map(UserInfo::of).toList();
  }

  @GetMapping("/{username}")
  @Operation(
      operationId = "getUser",
      summary = "Read a user",
      description = "404 when there is no such user.")
  UserInfo get(@PathVariable String username) {
    return UserInfo.of(accounts.get(username));
  }

  @PatchMapping("/{username}")
  @Operation(
      operationId = "updateUser",
      summary = "Change a user",
      description =
          "Set any of password, admin, quotaBytes (-1 for unlimited) and disabled. A disabled"
              + " user cannot sign in with a password or a token. The last enabled admin cannot"
              + " be demoted or disabled.")
  UserInfo patch(@PathVariable String username, @Valid @RequestBody UserPatch patch) {
    return UserInfo.of(
        accounts.update(
            username, patch.password(), patch.admin(), patch.quotaBytes(), patch.disabled()));
  }

  @DeleteMapping("/{username}")
  @Operation(
      operationId = "deleteUser",
      summary = "Delete a user",
      description =
          "Removes the account and its tokens. With purge=true the user's files and keys are"
              + " removed too; without it they stay in storage.")
  ResponseEntity<Void> delete(
      @PathVariable String username, @RequestParam(defaultValue = "false") boolean purge) {
    accounts.delete(username, purge);
    return ResponseEntity.noContent().build();
  }
}
