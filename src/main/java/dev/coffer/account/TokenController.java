package dev.coffer.account;

import dev.coffer.account.AccountDtos.CreatedToken;
import dev.coffer.account.AccountDtos.TokenInfo;
import dev.coffer.account.AccountDtos.TokenRequest;
import dev.coffer.security.CofferPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tokens")
@Tag(name = "Tokens", description = "Bearer tokens for scripts and CI")
class TokenController {

  private final TokenService tokens;

  TokenController(TokenService tokens) {
    this.tokens = tokens;
  }

  @PostMapping
  @Operation(
      operationId = "createToken",
      summary = "Create a bearer token",
      description =
          "The token is returned once and stored only as a hash. Omit expiresInDays for a token"
              + " that does not expire.")
  ResponseEntity<CreatedToken> create(
      @AuthenticationPrincipal CofferPrincipal me, @Valid @RequestBody TokenRequest request) {
    TokenService.Created created =
        tokens.create(me.username(), request.name(), request.expiresInDays());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            new CreatedToken(
                created.token().id(),
                created.token().name(),
                created.secret(),
                created.token().expiresAt()));
  }

  @GetMapping
  @Operation(
      operationId = "listTokens",
      summary = "List my tokens",
      description = "Names and dates only, never secrets.")
  List<TokenInfo> list(@AuthenticationPrincipal CofferPrincipal me) {
    return tokens.list(me.username()).stream().map(TokenInfo::of).toList();
  }

  @DeleteMapping("/{id}")
  @Operation(
      operationId = "revokeToken",
      summary = "Revoke a token",
      description = "The token stops working at once.")
  ResponseEntity<Void> revoke(
      @AuthenticationPrincipal CofferPrincipal me, @PathVariable String id) {
    tokens.revoke(me.username(), id);
    return ResponseEntity.noContent().build();
  }
}
