package dev.coffer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Folders and files on the server: ls, stat, mkdir, rm, mv, cp, cat, du. */
final class FileCommands {

  private FileCommands() {}

  /** One line of a listing, as {@code "%s %7s %16s %s%s"} formatted it. */
  static String line(Remote.Info i, String name) {
    String when = i.modified() == null ? "-" : Times.localMinute(i.modified());
    return (i.folder() ? "d" : "-")
        + ' '
        + Units.right(i.folder() ? "-" : Units.bytes(i.size()), 7)
        + "  "
        + Units.right(when, 16)
        + "  "
        + name
        + (i.folder() ? "/" : "");
  }

  @Command(name = "ls", description = "List a folder (long form; --json for FileInfo objects).")
  static final class Ls extends Cmd {
    @Parameters(arity = "0..1", paramLabel = "REMOTE", description = "Folder (default: current)")
    String remote;

    @Option(
        names = {"-R", "--recursive"},
        description = "Walk the whole tree.")
    boolean recursive;

    @Option(names = "--sort", defaultValue = "name", description = "name, size or modified")
    String sort;

    @Option(
        names = {"-r", "--reverse"},
        description = "Descending order.")
    boolean reverse;

    @Override
    int run() {
      Coffer c = coffer();
      RemotePath dir = c.remote(remote);
      Remote files = new Remote(api());
      Remote.Info target = files.require(dir);
      if (!target.folder()) {
        if (c.json) {
          c.printJson(List.of(target.json()));
        } else {
          c.out.println(line(target, dir.name()));
        }
        return ExitCodes.OK;
      }
      if (c.json) {
        // streamed as one JSON array, a page at a time
        c.out.print('[');
        boolean[] first = {true};
        files.list(
            dir,
            recursive,
            sort,
            reverse,
            i -> {
              c.out.print((first[0] ? "" : ",") + Api.JSON.writeValueAsString(i.json()));
              first[0] = false;
            });
        c.out.println(']');
      } else {
        String prefix = dir.isHome() ? "" : dir.path() + "/";
        files.list(
            dir,
            recursive,
            sort,
            reverse,
            i ->
                c.out.println(
                    line(
                        i,
                        i.path().startsWith(prefix)
                            ? i.path().substring(prefix.length())
                            : i.path())));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "stat", description = "Size, time, ETag and SHA-256 of a file or folder.")
  static final class Stat extends Cmd {
    @Parameters(paramLabel = "REMOTE")
    String remote;

    @Override
    int run() {
      Coffer c = coffer();
      Remote.Info i = new Remote(api()).require(c.remote(remote));
      if (c.json) {
        c.printJson(i.json());
      } else {
        c.out.println("path:     /" + i.path());
        c.out.println("type:     " + (i.folder() ? "folder" : "file"));
        if (!i.folder()) {
          c.out.println("size:     " + i.size() + " (" + Units.bytes(i.size()) + ")");
          c.out.println("modified: " + i.modified());
          c.out.println("etag:     " + i.etag());
          c.out.println("sha256:   " + (i.sha256() == null ? "-" : i.sha256()));
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "mkdir", description = "Create folders (and their parents).")
  static final class Mkdir extends Cmd {
    @Parameters(arity = "1..*", paramLabel = "REMOTE")
    List<String> remotes;

    @Override
    int run() {
      Coffer c = coffer();
      ArrayNode made = Api.JSON.createArrayNode();
      for (String r : remotes) {
        made.add(api().post("/api/v1/dirs/" + c.remote(r).url(), null));
      }
      if (c.json) {
        c.printJson(made);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "rm", description = "Delete files; folders with -r (or empty ones with -d).")
  static final class Rm extends Cmd {
    @Parameters(arity = "1..*", paramLabel = "REMOTE")
    List<String> remotes;

    @Option(
        names = {"-r", "--recursive"},
        description = "Delete folders and what they hold.")
    boolean recursive;

    @Option(
        names = {"-d", "--dir"},
        description = "Delete empty folders.")
    boolean dir;

    @Option(names = "--dry-run", description = "Only print what would be deleted.")
    boolean dryRun;

    @Override
    int run() {
      Coffer c = coffer();
      Remote files = new Remote(api());
      List<String> gone = new ArrayList<>();
      for (String r : remotes) {
        RemotePath path = c.remote(r);
        if (path.isHome()) {
          throw new LocalError("refusing to delete the home folder");
        }
        Remote.Info i = files.require(path);
        if (i.folder() && !recursive && !dir) {
          throw new LocalError(path + " is a folder: use -r (or -d for an empty one)");
        }
        if (dryRun) {
          if (i.folder() && recursive) {
            files.list(path, true, "name", false, e -> gone.add("/" + e.path()));
          }
          gone.add(path.toString());
          continue;
        }
        files.delete(path, i.folder(), recursive);
        gone.add(path.toString());
      }
      if (c.json) {
        c.printJson(
            Api.JSON
                .createObjectNode()
                .put("dryRun", dryRun)
                .set("deleted", Api.JSON.valueToTree(gone)));
      } else if (dryRun) {
        gone.forEach(g -> c.out.println("would delete " + g));
      }
      return ExitCodes.OK;
    }
  }

  abstract static class Transfer extends Cmd {
    @Parameters(index = "0", paramLabel = "FROM")
    String from;

    @Parameters(index = "1", paramLabel = "TO")
    String to;

    @Option(
        names = {"-f", "--force"},
        description = "Replace what is at TO.")
    boolean force;

    int transfer(String op) {
      Coffer c = coffer();
      RemotePath source = c.remote(from);
      RemotePath target = c.remote(to);
      if (to.endsWith("/")) {
        target = target.child(source.name());
      }
      JsonNode info = new Remote(api()).op(op, source, target, force);
      if (c.json) {
        c.printJson(info);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "mv", description = "Move or rename a file or folder (TO/ keeps the name).")
  static final class Mv extends Transfer {
    @Override
    int run() {
      return transfer("move");
    }
  }

  @Command(name = "cp", description = "Copy a file or folder on the server (TO/ keeps the name).")
  static final class Cp extends Transfer {
    @Override
    int run() {
      return transfer("copy");
    }
  }

  @Command(name = "cat", description = "Print a file to standard output.")
  static final class Cat extends Cmd {
    @Parameters(arity = "1..*", paramLabel = "REMOTE")
    List<String> remotes;

    @Override
    int run() {
      Coffer c = coffer();
      Remote files = new Remote(api());
      OutputStream out = c.out;
      for (String r : remotes) {
        RemotePath path = c.remote(r);
        // on the older client, as get: the HTTP client's classes and threads doubled cat's start-up
        Api.Fetched res = files.fetch(path, null, null, false);
        long length = res.header("Content-Length").map(Long::parseLong).orElse(-1L);
        long copied;
        try (InputStream in = res.body()) {
          copied = in.transferTo(out);
        } catch (IOException e) {
          throw new Problem(
              503, "connection-lost", path + ": the download broke off (" + e.getMessage() + ")");
        }
        // that client's body simply ends where a cut connection stopped: the length tells
        if (length >= 0 && copied < length) {
          throw new Problem(
              503,
              "connection-lost",
              path + ": the download broke off after " + copied + " of " + length + " bytes");
        }
      }
      c.out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "du", description = "Space used and quota.")
  static final class Du extends Cmd {
    @Override
    int run() {
      Coffer c = coffer();
      JsonNode me = api().get("/api/v1/me");
      if (c.json) {
        c.printJson(me);
        return ExitCodes.OK;
      }
      long used = me.path("usedBytes").asLong();
      JsonNode quota = me.get("quotaBytes");
      if (quota == null || quota.isNull()) {
        c.out.println(Units.bytes(used) + " used, no quota");
      } else {
        long q = quota.asLong();
        c.out.println(
            Units.bytes(used)
                + " used of "
                + Units.bytes(q)
                + " ("
                + (q == 0 ? 100 : 100 * used / q)
                + "%), "
                + Units.bytes(Math.max(0, q - used))
                + " left");
      }
      return ExitCodes.OK;
    }
  }
}
