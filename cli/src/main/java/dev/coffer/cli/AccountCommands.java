package dev.coffer.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Signing in and out: a bearer token per profile, created with the password once. */
final class AccountCommands {

  private AccountCommands() {}

  @Command(
      name = "login",
      description = {
        "Sign in: asks for username and password (no echo), creates a bearer token and keeps it"
            + " in the config file, readable only by you.",
        "Without a terminal, give --username and --password-stdin."
      })
  static final class Login extends Cmd {
    @Parameters(
        index = "0",
        paramLabel = "URL",
        description = "The server, e.g. https://coffer.example.org")
    String url;

    @Option(names = {"-u", "--username"})
    String username;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    @Option(names = "--expires-in-days", description = "Token lifetime (default: no expiry).")
    Integer expiresInDays;

    @Override
    int run() throws IOException {
      Coffer c = coffer();
      Console console = Coffer.terminal();
      String password;
      if (passwordStdin) {
        password =
            new BufferedReader(new InputStreamReader(c.in, StandardCharsets.UTF_8)).readLine();
      } else if (console != null) {
        if (username == null) {
          username = console.readLine("Username: ");
        }
        char[] typed = console.readPassword("Password: ");
        password = typed == null ? null : new String(typed);
      } else {
        throw new LocalError(
            "no terminal to ask for a password: use --username and --password-stdin");
      }
      if (username == null || username.isBlank() || password == null) {
        throw new LocalError("a username and a password are needed");
      }
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
      Api api = new Api(url, basic);
      ObjectNode body = api.object().put("name", "coffer-cli@" + host());
      if (expiresInDays != null) {
        body.put("expiresInDays", expiresInDays);
      }
      JsonNode created = api.post("/api/v1/tokens", body);
      Profiles.Profile profile =
          new Profiles.Profile(
              api.base(), Api.text(created, "token"), Api.text(created, "id"), username);
      c.profiles().put(c.profile, profile);
      if (c.json) {
        c.printJson(
            Api.JSON
                .createObjectNode()
                .put("profile", c.profile)
                .put("url", api.base())
                .put("username", username)
                .put("tokenId", profile.tokenId()));
      } else {
        c.out.println(
            "Signed in to " + api.base() + " as " + username + " (profile " + c.profile + ")");
      }
      return ExitCodes.OK;
    }

    private static String host() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return "localhost";
      }
    }
  }

  @Command(name = "logout", description = "Revoke this profile's token and forget it.")
  static final class Logout extends Cmd {
    @Override
    int run() {
      Coffer c = coffer();
      Profiles profiles = c.profiles();
      Profiles.Profile p = profiles.get(c.profile);
      if (p == null) {
        throw new LocalError("profile '" + c.profile + "' is not signed in");
      }
      try {
        if (p.tokenId() != null) {
          Api.bearer(p.url(), p.token()).json("DELETE", "/api/v1/tokens/" + p.tokenId(), null);
        }
      } catch (Problem e) {
        if (e.status() != 401 && e.status() != 404) {
          throw e;
        }
      }
      profiles.remove(c.profile);
      if (!c.json) {
        c.out.println("Signed out of " + p.url() + " (profile " + c.profile + ")");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "whoami", description = "Who the token belongs to, and the quota.")
  static final class Whoami extends Cmd {
    @Override
    int run() {
      JsonNode me = api().get("/api/v1/me");
      Coffer c = coffer();
      if (c.json) {
        c.printJson(me);
      } else {
        c.out.println(Api.text(me, "username") + (me.path("admin").asBoolean() ? " (admin)" : ""));
      }
      return ExitCodes.OK;
    }
  }
}
