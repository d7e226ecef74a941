package dev.coffer.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** Request and response bodies of the account endpoints. */
final class AccountDtos {

  private AccountDtos() {}

  record Me(
      String username,
      boolean admin,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Long quotaBytes,
      long usedBytes) {
    static Me of(User user) {
      return new Me(user.username(), user.admin(), user.quotaBytes(), user.usedBytes());
    }
  }

  record PasswordChange(
      @NotNull String currentPassword, @NotNull @Size(min = 8, max = 1024) String newPassword) {}

  record TokenRequest(@NotBlank @Size(max = 100) String name, @Min(1) Integer expiresInDays) {}

  record CreatedToken(String id, String name, String token, @Nullable OffsetDateTime expiresAt) {}

  record TokenInfo(
      String id, String name, OffsetDateTime createdAt, @Nullable OffsetDateTime expiresAt) {
    static TokenInfo of(ApiToken token) {
      return new TokenInfo(token.id(), token.name(), token.createdAt(), token.expiresAt());
    }
  }

  record NewUser(
      @NotNull
          @Pattern(
              regexp = Usernames.PATTERN,
              message =
                  "1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter"
                      + " or digit")
          String username,
      @NotNull @Size(min = 8, max = 1024) String password,
      Boolean admin,
      @Min(0) Long quotaBytes) {}

  record UserPatch(
      @Size(min = 8, max = 1024) String password,
      Boolean admin,
      @Min(value = -1, message = "must be -1 (unlimited) or a number of bytes") Long quotaBytes,
      Boolean disabled) {}

  record UserInfo(
      String username,
      boolean admin,
      boolean disabled,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Long quotaBytes,
      long usedBytes,
      OffsetDateTime createdAt) {
    static UserInfo of(User user) {
      return new UserInfo(
          user.username(),
          user.admin(),
          user.disabled(),
          user.quotaBytes(),
          user.usedBytes(),
          user.createdAt());
    }
  }
}
