package dev.coffer.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A path in the user's home as the client writes it ({@code docs/report.pdf}), resolved against the
 * shell's current folder, with {@code .} and {@code ..} settled here because the server refuses
 * them. {@link #url()} percent-encodes each segment for the files, dirs and archive routes.
 */
record RemotePath(String path) {

  static final RemotePath HOME = new RemotePath("");

  static RemotePath resolve(RemotePath cwd, String arg) {
    if (arg == null || arg.isEmpty()) {
      return cwd;
    }
    Deque<String> segments = new ArrayDeque<>();
    if (!arg.startsWith("/")) {
      for (String s : cwd.path.split("/")) {
        if (!s.isEmpty()) {
          segments.addLast(s);
        }
      }
    }
    for (String s : arg.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (segments.isEmpty()) {
          throw new LocalError(arg + ": goes above the home folder");
        }
        segments.removeLast();
      } else {
        segments.addLast(s);
      }
    }
    return new RemotePath(String.join("/", segments));
  }

  boolean isHome() {
    return path.isEmpty();
  }

  String name() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  RemotePath child(String name) {
    return new RemotePath(isHome() ? name : path + "/" + name);
  }

  /** The path for a URL: every segment percent-encoded (UTF-8), joined by literal slashes. */
  String url() {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append('/');
      }
      for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
        int c = b & 0xff;
        if (c >= 'a' && c <= 'z'
            || c >= 'A' && c <= 'Z'
            || c >= '0' && c <= '9'
            || c == '-'
            || c == '.'
            || c == '_'
            || c == '~') {
          out.append((char) c);
        } else {
          out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
          out.append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
        }
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "/" + path;
  }
}
