package dev.coffer.cli;

/**
 * The server refused a request: its problem+json, reduced to what a user and a script need. The
 * exit code tells classes of refusal apart (see {@link ExitCodes}).
 */
final class Problem extends RuntimeException {

  private final int status;
  private final String code;

  Problem(int status, String code, String detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  int exitCode() {
    return ExitCodes.forStatus(status);
  }
}
