package dev.coffer.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code coffer}, the terminal client: files, keys and crypto of a Coffer server, for scripts (JSON
 * output, exit codes, no prompts without a terminal) and for people ({@code coffer shell}).
 */
@Command(
    name = "coffer",
    mixinStandardHelpOptions = true,
    versionProvider = Coffer.Version.class,
    description = "The Coffer terminal client: files, keys and encryption on a Coffer server.",
    footer = {
      "",
      "Sign in once with 'coffer login URL', or set COFFER_URL and COFFER_TOKEN.",
      "Exit codes: 0 ok, 1 local error, 2 usage, 3 not signed in or not allowed,",
      "4 not found, 5 conflict, 6 too large or no space, 7 other refusal, 8 server or network,",
      "9 a signature or HMAC that does not verify."
    })
public final class Coffer implements Runnable {

  /**
   * The subcommands, in the order help lists them. Registered here rather than in the annotation so
   * that a command line naming one of them builds only its model: picocli reads every option of
   * every registered command up front, a fifth of a small command's start-up.
   */
  private static final Class<?>[] COMMANDS = {
    AccountCommands.Login.class,
    AccountCommands.Logout.class,
    AccountCommands.Whoami.class,
    FileCommands.Ls.class,
    FileCommands.Stat.class,
    FileCommands.Mkdir.class,
    FileCommands.Rm.class,
    FileCommands.Mv.class,
    FileCommands.Cp.class,
    FileCommands.Cat.class,
    FileCommands.Du.class,
    TransferCommands.Put.class,
    TransferCommands.Get.class,
    TransferCommands.Zip.class,
    KeyCommands.class,
    CryptoCommands.Encrypt.class,
    CryptoCommands.Decrypt.class,
    CryptoCommands.Sign.class,
    CryptoCommands.Verify.class,
    CryptoCommands.Hmac.class,
    CryptoCommands.Random.class,
    CryptoCommands.Hash.class,
    Shell.class,
    AutoComplete.GenerateCompletion.class,
    CommandLine.HelpCommand.class
  };

  /** Those that need all the others: help and completion list them, the shell runs them. */
  private static final java.util.Set<String> NEED_ALL =
      java.util.Set.of("help", "generate-completion", "shell");

  @Option(
      names = "--profile",
      scope = ScopeType.INHERIT,
      description = "Named sign-in to use (default: ${DEFAULT-VALUE}).",
      defaultValue = "${env:COFFER_PROFILE:-default}")
  String profile;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON.")
  boolean json;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "No progress bar and no transfer line.")
  boolean quiet;

  final Map<String, String> env;
  final PrintStream out;
  final PrintStream err;
  final InputStream in;
  final Session session;

  /** What lives longer than one command: the shell's current folder and the API connection. */
  static final class Session {
    RemotePath cwd = RemotePath.HOME;
    Api api;
    boolean interactive;
  }

  Coffer(Map<String, String> env, PrintStream out, PrintStream err, InputStream in, Session s) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.in = in;
    this.session = s;
  }

  public static void main(String[] args) {
    // The HTTP client reads and writes bodies in slices of this size (16 KiB by default): 256 KiB
    // more than doubles a download's speed. Set before the client's classes load.
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 * 1024));
    }
    Coffer coffer = new Coffer(System.getenv(), System.out, System.err, System.in, new Session());
    System.exit(coffer.execute(args));
  }

  int execute(String... args) {
    Class<?> only = named(args);
    if (only == null && onlyVersion(args)) {
      only = Void.class; // no subcommand is needed to print the version
    }
    return commandLine(only).execute(args);
  }

  /** {@code -V} or {@code --version} and nothing else but options. */
  private static boolean onlyVersion(String... args) {
    boolean version = false;
    for (String a : args) {
      if (a.equals("-V") || a.equals("--version")) {
        version = true;
      } else if (!a.startsWith("-")) {
        return false;
      }
    }
    return version;
  }

  CommandLine commandLine() {
    return commandLine(null);
  }

  /** The command line with all subcommands, or only {@code only} (maybe none) when not null. */
  private CommandLine commandLine(Class<?> only) {
    CommandLine cl = new CommandLine(this);
    for (Class<?> command : COMMANDS) {
      if (only == null || command == only) {
        cl.addSubcommand(command);
      }
    }
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // "@file" is this client's way to pass a file's contents as TEXT, not picocli's argument files
    cl.setExpandAtFiles(false);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof Problem p) {
            err.println("coffer: " + p.getMessage() + describe(p));
            return p.exitCode();
          }
          if (e instanceof LocalError) {
            err.println("coffer: " + e.getMessage());
            return ExitCodes.LOCAL;
          }
          if (e instanceof CommandLine.ParameterException pe) {
            throw pe;
          }
          err.println("coffer: " + e);
          return ExitCodes.LOCAL;
        });
    return cl;
  }

  /**
   * The subcommand the arguments name (the first word that is not an option), or null when they
   * name none, one that needs all, or a word that is not a command (picocli then suggests one).
   */
  static Class<?> named(String... args) {
    String word = null;
    for (int i = 0; i < args.length && word == null; i++) {
      String a = args[i];
      if (a.equals("--")) {
        break;
      } else if (a.equals("--profile")) {
        i++;
      } else if (!a.startsWith("-")) {
        word = a;
      }
    }
    if (word == null || NEED_ALL.contains(word)) {
      return null;
    }
    for (Class<?> command : COMMANDS) {
      Command c = command.getAnnotation(Command.class);
      if (c.name().equals(word) || java.util.Arrays.asList(c.aliases()).contains(word)) {
        return command;
      }
    }
    return null;
  }

  private static String describe(Problem p) {
    if (p.code() == null) {
      return "";
    }
    return " (" + p.code() + (p.status() > 0 ? ", HTTP " + p.status() : "") + ")";
  }

  @Override
  public void run() {
    commandLine().usage(out);
  }

  Profiles profiles() {
    return Profiles.standard(env);
  }

  /** The server to talk to: COFFER_URL and COFFER_TOKEN win over the profile. */
  Api api() {
    if (session.api != null) {
      return session.api;
    }
    String url = env.get("COFFER_URL");
    String token = env.get("COFFER_TOKEN");
    Profiles.Profile p = profiles().get(profile);
    if (url == null || url.isEmpty()) {
      url = p == null ? null : p.url();
    }
    if (token == null || token.isEmpty()) {
      token = p == null ? null : p.token();
    }
    if (url == null || token == null) {
      throw new Problem(
          401,
          "not-signed-in",
          "not signed in (profile '"
              + profile
              + "'): run 'coffer login URL', or set COFFER_URL and COFFER_TOKEN");
    }
    session.api = Api.bearer(url, token);
    return session.api;
  }

  /** A progress bar only for a person watching: a terminal, and not --quiet or --json. */
  boolean showProgress() {
    return !quiet && !json && terminal() != null;
  }

  /**
   * The console when a person is at a terminal, else null. From JDK 22 on, {@code System.console()}
   * answers even when input or output is redirected, and {@code Console.isTerminal()} tells.
   */
  static java.io.Console terminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return null;
    }
    try {
      Object isTerminal = java.io.Console.class.getMethod("isTerminal").invoke(console);
      return Boolean.TRUE.equals(isTerminal) ? console : null;
    } catch (NoSuchMethodException e) {
      return console; // JDK 17 to 21: a console exists only on a terminal
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  RemotePath remote(String arg) {
    return RemotePath.resolve(session.cwd, arg);
  }

  void printJson(Object value) {
    out.println(Api.JSON.writeValueAsString(value));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Coffer.class.getPackage().getImplementationVersion();
      return new String[] {"coffer " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
