package dev.coffer.cli;

/** What a script can tell from {@code $?}. The README's client section lists the same table. */
final class ExitCodes {

  static final int OK = 0;
  static final int LOCAL = 1;
  static final int USAGE = 2;
  static final int AUTH = 3;
  static final int NOT_FOUND = 4;
  static final int CONFLICT = 5;
  static final int NO_SPACE = 6;
  static final int REFUSED = 7;
  static final int SERVER = 8;
  static final int INVALID = 9;

  private ExitCodes() {}

  static int forStatus(int status) {
    return switch (status) {
      case 401, 403 -> AUTH;
      case 404, 410 -> NOT_FOUND;
      case 409, 412, 423 -> CONFLICT;
      case 413, 507 -> NO_SPACE;
      default -> status >= 500 ? SERVER : REFUSED;
    };
  }
}
