package dev.coffer.cli;

/** Something on this side went wrong (a file, the config, a digest); exit code 1. */
final class LocalError extends RuntimeException {

  LocalError(String message) {
    super(message);
  }

  LocalError(String message, Throwable cause) {
    super(message, cause);
  }
}
