package dev.coffer.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;

/**
 * {@code coffer shell}: a prompt with line editing and history that takes every command, a current
 * folder ({@code cd}, {@code pwd}), and the original console client's words: UPLOAD, DOWNLOAD,
 * LIST, MKDIR, RMDIR, DELETE, and {@code en}, {@code de}, {@code gk}. Without a terminal it reads
 * commands from standard input, one per line, and shows no prompt.
 */
@Command(name = "shell", description = "An interactive prompt (also reads commands from stdin).")
final class Shell extends Cmd {

  /** The console client's words, and what they stand for. */
  private static final Map<String, List<String>> SEED =
      Map.of(
          "upload", List.of("put"),
          "download", List.of("get"),
          "list", List.of("ls"),
          "mkdir", List.of("mkdir"),
          "rmdir", List.of("rm", "-d"),
          "delete", List.of("rm"),
          "en", List.of("encrypt"),
          "de", List.of("decrypt"),
          "gk", List.of("key", "export"));

  private final DefaultParser parser = new DefaultParser();

  @Override
  int run() throws IOException {
    Coffer c = coffer();
    c.session.interactive = true;
    c.api();
    int last = ExitCodes.OK;
    if (Coffer.terminal() == null) {
      BufferedReader in = new BufferedReader(new InputStreamReader(c.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        List<String> words = parser.parse(line, line.length()).words();
        Integer code = handle(c, words, null);
        if (code == null) {
          break;
        }
        last = code;
      }
      return last;
    }
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      var history = Uploader.cacheDir(c.env).resolve("history");
      Files.createDirectories(history.getParent());
      LineReader reader =
          LineReaderBuilder.builder()
              .terminal(terminal)
              .parser(parser)
              .variable(LineReader.HISTORY_FILE, history)
              .build();
      c.out.println(
          "Coffer shell on " + c.api().base() + ". 'help' lists the commands, 'exit' leaves.");
      while (true) {
        String line;
        try {
          line = reader.readLine("coffer:" + c.session.cwd + "> ");
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        Integer code = handle(c, reader.getParsedLine().words(), reader);
        if (code == null) {
          break;
        }
        last = code;
      }
    }
    return last;
  }

  /** Runs one line; null means leave the shell. */
  private Integer handle(Coffer c, List<String> line, LineReader reader) {
    List<String> words = new ArrayList<>(line.stream().filter(w -> !w.isEmpty()).toList());
    if (words.isEmpty() || words.get(0).startsWith("#")) {
      return ExitCodes.OK;
    }
    String first = words.get(0).toLowerCase(Locale.ROOT);
    switch (first) {
      case "exit", "quit", "bye" -> {
        return null;
      }
      case "pwd" -> {
        c.out.println(c.session.cwd);
        return ExitCodes.OK;
      }
      case "cd" -> {
        return cd(c, words.size() > 1 ? words.get(1) : "/");
      }
      case "shell", "login", "logout" -> {
        c.err.println("coffer: '" + first + "' is not available inside the shell");
        return ExitCodes.USAGE;
      }
      default -> {}
    }
    List<String> seed = SEED.get(first);
    if (seed != null) {
      words.remove(0);
      words.addAll(0, seed);
      // en and de without a message ask for it, as the original client did
      if ((first.equals("en") || first.equals("de")) && words.size() == 2 && reader != null) {
        words.add(reader.readLine(first.equals("en") ? "message: " : "ciphertext: "));
      }
    }
    Coffer child = new Coffer(c.env, c.out, c.err, c.in, c.session);
    int code = child.execute(words.toArray(String[]::new));
    c.out.flush();
    return code;
  }

  private int cd(Coffer c, String arg) {
    try {
      RemotePath target = RemotePath.resolve(c.session.cwd, arg);
      Remote.Info info = new Remote(c.api()).require(target);
      if (!info.folder()) {
        c.err.println("coffer: " + target + " is not a folder");
        return ExitCodes.LOCAL;
      }
      c.session.cwd = target;
      return ExitCodes.OK;
    } catch (Problem p) {
      c.err.println("coffer: " + p.getMessage());
      return p.exitCode();
    } catch (LocalError e) {
      c.err.println("coffer: " + e.getMessage());
      return ExitCodes.LOCAL;
    }
  }
}
