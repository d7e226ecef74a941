package dev.coffer.web;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Recognises a full disk in an exception's causes, wherever it surfaced: a file write, the embedded
 * database's write, a folder creation. The JDK reports ENOSPC only as the operating system's
 * message, so the messages are what is matched (Linux and macOS, and Windows).
 */
public final class NoSpace {

  private static final String[] MESSAGES = {
    "No space left on device", "There is not enough space on the disk", "Disk quota exceeded"
  };

  private NoSpace() {}

  /** Whether {@code failure} or one of its causes is the file system saying it is full. */
  public static boolean causedBy(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof IOException && isNoSpace(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNoSpace(Throwable t) {
    String message =
        t instanceof FileSystemException fs && fs.getReason() != null
            ? fs.getReason()
            : t.getMessage();
    if (message == null) {
      return false;
    }
    for (String m : MESSAGES) {
      if (message.contains(m)) {
        return true;
      }
    }
    return false;
  }
}
