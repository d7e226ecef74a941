package dev.coffer.files;

import java.io.IOException;

/** Writing to the client failed: it closed the connection or stopped reading. */
class ClientGoneException extends IOException {

  ClientGoneException(IOException cause) {
    super("the client went away", cause);
  }
}
