package dev.coffer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * put, get and zip. A folder goes with -r, as a sync: a file whose SHA-256 already matches the
 * other side is skipped, so running the same command again sends only what changed.
 */
final class TransferCommands {

  private TransferCommands() {}

  /** What a folder transfer did, for the closing line and --json. */
  private static final class Report {
    final ArrayNode sent = Api.JSON.createArrayNode();
    final ArrayNode skipped = Api.JSON.createArrayNode();
    final boolean dryRun;

    Report(boolean dryRun) {
      this.dryRun = dryRun;
    }

    void print(Coffer c, String verb) {
      if (c.json) {
        ObjectNode n = Api.JSON.createObjectNode().put("dryRun", dryRun);
        n.set(verb, sent);
        n.set("unchanged", skipped);
        c.printJson(n);
      } else if (dryRun) {
        sent.forEach(s -> c.out.println("would " + verb.replace("ed", "") + " " + s.asString()));
        skipped.forEach(s -> c.out.println("unchanged " + s.asString()));
      } else if (skipped.size() > 0 || sent.size() != 1) {
        c.err.println(sent.size() + " " + verb + ", " + skipped.size() + " unchanged");
      }
    }
  }

  @Command(
      name = "put",
      description = {
        "Upload a file, or a folder's contents with -r (files whose SHA-256 matches are skipped).",
        "Files from the tus threshold up go over tus and resume after a cut connection, also in a"
            + " later run of the same command."
      })
  static final class Put extends Cmd {
    @Parameters(index = "0", paramLabel = "LOCAL")
    Path local;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "REMOTE",
        description = "Target (a folder or a name ending in / keeps the local name).")
    String remote;

    @Option(
        names = {"-r", "--recursive"},
        description = "Upload a folder.")
    boolean recursive;

    @Option(names = "--dry-run", description = "Only say what would be sent.")
    boolean dryRun;

    @Option(
        names = "--tus-threshold",
        defaultValue = "${env:COFFER_TUS_THRESHOLD:-16777216}",
        description = "Bytes from which uploads go over tus (default: ${DEFAULT-VALUE}).")
    long tusThreshold;

    @Option(
        names = "--retries",
        defaultValue = "5",
        description = "Retries after a cut connection.")
    int retries;

    @Override
    int run() throws IOException {
      Coffer c = coffer();
      Uploader up = new Uploader(api(), c.env, tusThreshold, retries);
      Remote files = new Remote(api());
      if (Files.isDirectory(local)) {
        if (!recursive) {
          throw new LocalError(local + " is a folder: use -r");
        }
        RemotePath base = c.remote(remote == null ? local.getFileName().toString() : remote);
        syncUp(c, up, files, base);
        return ExitCodes.OK;
      }
      if (!Files.isRegularFile(local)) {
        throw new LocalError(local + ": no such file");
      }
      RemotePath target = c.remote(remote == null ? local.getFileName().toString() : remote);
      String name = local.getFileName().toString();
      if (remote != null && remote.endsWith("/")) {
        target = target.child(name);
      }
      if (dryRun) {
        if (remote != null && files.stat(target).map(Remote.Info::folder).orElse(false)) {
          target = target.child(name);
        }
        Report report = new Report(true);
        report.sent.add(local + " -> " + target);
        report.print(c, "uploaded");
        return ExitCodes.OK;
      }
      Optional<Remote.Info> info;
      try {
        info = up.upload(local, target, c.showProgress(), c);
      } catch (Problem p) {
        // a folder stands at REMOTE: the file goes into it, as cp does; the server says so before
        // any byte of a large file is sent, so asking first would only cost every put a request
        if (remote == null || !"is-a-folder".equals(p.code())) {
          throw p;
        }
        info = up.upload(local, target.child(name), c.showProgress(), c);
      }
      if (c.json) {
        c.printJson(info.orElseThrow().json());
      }
      return ExitCodes.OK;
    }

    private void syncUp(Coffer c, Uploader up, Remote files, RemotePath base) throws IOException {
      Map<String, Remote.Info> there = new HashMap<>();
      if (files.stat(base).isPresent()) {
        String prefix = base.isHome() ? "" : base.path() + "/";
        files.list(
            base,
            true,
            "name",
            false,
            i -> there.put(i.path().substring(Math.min(prefix.length(), i.path().length())), i));
      }
      Report report = new Report(dryRun);
      List<Path> all;
      try (Stream<Path> walk = Files.walk(local)) {
        all = new ArrayList<>(walk.sorted().toList());
      }
      for (Path p : all) {
        String rel = local.relativize(p).toString().replace('\\', '/');
        if (rel.isEmpty()) {
          continue;
        }
        RemotePath target = RemotePath.resolve(base, rel);
        Remote.Info existing = there.get(rel);
        if (Files.isDirectory(p)) {
          if (existing == null && !dryRun) {
            files.mkdirs(target);
          }
          continue;
        }
        if (existing != null
            && !existing.folder()
            && existing.size() == Files.size(p)
            && existing.sha256() != null
            && existing.sha256().equals(Sha256.of(p))) {
          report.skipped.add(target.toString());
          continue;
        }
        if (!dryRun) {
          up.upload(p, target, c.showProgress(), c);
        }
        report.sent.add(dryRun ? p + " -> " + target : target.toString());
      }
      report.print(c, "uploaded");
    }
  }

  @Command(
      name = "get",
      description = {
        "Download a file, or a folder's contents with -r (files whose SHA-256 matches are skipped).",
        "Every file is checked against the server's SHA-256 and appears only when complete; a cut"
            + " download resumes in the next run."
      })
  static final class Get extends Cmd {
    @Parameters(index = "0", paramLabel = "REMOTE")
    String remote;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LOCAL")
    Path local;

    @Option(
        names = {"-r", "--recursive"},
        description = "Download a folder.")
    boolean recursive;

    @Option(names = "--dry-run", description = "Only say what would be fetched.")
    boolean dryRun;

    @Override
    int run() throws IOException, InterruptedException {
      Coffer c = coffer();
      RemotePath source = c.remote(remote);
      Downloader down = new Downloader(api());
      if (!recursive && !dryRun && !c.json && !source.isHome()) {
        return fetchFile(c, down, source);
      }
      Remote files = new Remote(api());
      Remote.Info info = files.require(source);
      if (info.folder()) {
        if (!recursive) {
          throw new LocalError(source + " is a folder: use -r");
        }
        Path base = local == null ? Path.of(source.isHome() ? "home" : source.name()) : local;
        syncDown(c, files, down, source, base);
        return ExitCodes.OK;
      }
      Path target = target(source);
      if (dryRun) {
        Report report = new Report(true);
        report.sent.add(source + " -> " + target);
        report.print(c, "downloaded");
        return ExitCodes.OK;
      }
      down.download(source, target, c.showProgress(), c);
      if (c.json) {
        c.printJson(info.json().put("local", target.toString()));
      }
      return ExitCodes.OK;
    }

    private Path target(RemotePath source) {
      Path target = local == null ? Path.of(source.name()) : local;
      return Files.isDirectory(target) ? target.resolve(source.name()) : target;
    }

    /**
     * A file, as a plain {@code get} nearly always fetches: straight to the download, without
     * asking first what stands at REMOTE. A folder there answers {@code 400 is-a-folder} before any
     * byte, and nothing is written locally.
     */
    private int fetchFile(Coffer c, Downloader down, RemotePath source)
        throws IOException, InterruptedException {
      try {
        down.download(source, target(source), c.showProgress(), c);
      } catch (Problem p) {
        if ("is-a-folder".equals(p.code())) {
          throw new LocalError(source + " is a folder: use -r");
        }
        if (p.status() == 404) {
          throw new Problem(404, "not-found", source + ": no such file or folder");
        }
        throw p;
      }
      return ExitCodes.OK;
    }

    private void syncDown(Coffer c, Remote files, Downloader down, RemotePath source, Path base)
        throws IOException, InterruptedException {
      String prefix = source.isHome() ? "" : source.path() + "/";
      List<Remote.Info> entries = new ArrayList<>();
      files.list(source, true, "name", false, entries::add);
      Report report = new Report(dryRun);
      if (!dryRun) {
        Files.createDirectories(base);
      }
      for (Remote.Info i : entries) {
        Path target = base.resolve(i.path().substring(prefix.length())).normalize();
        if (!target.startsWith(base.normalize())) {
          throw new LocalError(i.path() + ": would land outside " + base);
        }
        if (i.folder()) {
          if (!dryRun) {
            Files.createDirectories(target);
          }
          continue;
        }
        if (Files.isRegularFile(target)
            && Files.size(target) == i.size()
            && i.sha256() != null
            && i.sha256().equals(Sha256.of(target))) {
          report.skipped.add(target.toString());
          continue;
        }
        if (!dryRun) {
          down.download(new RemotePath(i.path()), target, c.showProgress(), c);
        }
        report.sent.add(dryRun ? "/" + i.path() + " -> " + target : target.toString());
      }
      report.print(c, "downloaded");
    }
  }

  @Command(name = "zip", description = "Download a folder as a zip archive.")
  static final class Zip extends Cmd {
    @Parameters(index = "0", arity = "0..1", paramLabel = "REMOTE")
    String remote;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "LOCAL",
        description = "Default: NAME.zip")
    Path local;

    @Override
    int run() throws IOException {
      Coffer c = coffer();
      RemotePath source = c.remote(remote);
      Path target =
          local != null ? local : Path.of((source.isHome() ? "home" : source.name()) + ".zip");
      Path part = Downloader.partOf(target);
      HttpResponse<InputStream> r =
          api().stream(
              api()
                  .request("/api/v1/archive" + (source.isHome() ? "" : "/" + source.url()))
                  .GET()
                  .build());
      Progress progress =
          new Progress(source.isHome() ? "/" : source.path(), -1, 0, c.showProgress(), c.err);
      try (InputStream in = progress.counting(r.body());
          OutputStream out = Files.newOutputStream(part)) {
        in.transferTo(out);
      } catch (IOException e) {
        Files.deleteIfExists(part);
        throw new Problem(503, "connection-lost", "the archive broke off: " + e.getMessage());
      }
      Downloader.move(part, target);
      if (c.json) {
        c.printJson(
            Api.JSON
                .createObjectNode()
                .put("local", target.toString())
                .put("size", Files.size(target)));
      }
      if (!c.quiet) {
        progress.finish("zip", c.err);
      }
      return ExitCodes.OK;
    }
  }
}
