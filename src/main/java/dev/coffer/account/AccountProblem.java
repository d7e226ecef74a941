package dev.coffer.account;

import dev.coffer.web.ApiException;
import org.springframework.http.HttpStatus;

/** The ways an account operation can be refused. */
final class AccountProblem extends ApiException {

  private AccountProblem(HttpStatus status, String code, String detail) {
    super(status, code, detail);
  }

  static AccountProblem userNotFound(String username) {
    return new AccountProblem(
        HttpStatus.NOT_FOUND, "user-not-found", "No user '" + username + "'.");
  }

  static AccountProblem userExists(String username) {
    return new AccountProblem(
        HttpStatus.CONFLICT, "user-exists", "A user named '" + username + "' already exists.");
  }

  static AccountProblem tokenNotFound() {
    return new AccountProblem(HttpStatus.NOT_FOUND, "token-not-found", "No such token.");
  }

  static AccountProblem wrongCurrentPassword() {
    return new AccountProblem(
        HttpStatus.FORBIDDEN, "wrong-current-password", "The current password is not correct.");
  }

  static AccountProblem lastAdmin() {
    return new AccountProblem(
        HttpStatus.CONFLICT,
        "last-admin",
        "This would leave no enabled admin; make another admin first.");
  }

  static AccountProblem invalid(String detail) {
    return new AccountProblem(HttpStatus.BAD_REQUEST, "invalid-request", detail);
  }
}
