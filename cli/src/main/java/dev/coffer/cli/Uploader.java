package dev.coffer.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one local file. Below the tus threshold a single streamed {@code PUT}; above it a tus
 * upload whose address is remembered under the cache folder, so a cut connection is retried from
 * the offset the server confirms, and a later run of the same command carries on where the last one
 * stopped instead of sending the file again.
 */
final class Uploader {

  private static final String TUS = "1.0.0";

  /** How often a PATCH refused for its offset asks the server again, whatever {@code --retries}. */
  private static final int RESYNCS = 5;

  private final Api api;
  private final Path stateDir;
  private final long tusThreshold;
  private final int retries;

  Uploader(Api api, Map<String, String> env, long tusThreshold, int retries) {
    this.api = api;
    this.stateDir = cacheDir(env).resolve("uploads");
    this.tusThreshold = tusThreshold;
    this.retries = retries;
  }

  static Path cacheDir(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isEmpty()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("coffer");
  }

  /**
   * Uploads; answers the file's FileInfo as the server stored it when {@code c.json} asks for it (a
   * tus upload's last answer carries none: that costs one more request), else maybe nothing.
   */
  Optional<Remote.Info> upload(Path file, RemotePath target, boolean bar, Coffer c)
      throws IOException {
    long size = Files.size(file);
    if (size < tusThreshold) {
      return Optional.of(put(file, target, size, bar, c));
    }
    return tus(file, target, size, bar, c);
  }

  private Remote.Info put(Path file, RemotePath target, long size, boolean bar, Coffer c)
      throws IOException {
    Progress progress = new Progress(target.path(), size, 0, bar, c.err);
    Api.Answer r =
        api.upload(
            "/api/v1/files/" + target.url(),
            "PUT",
            Map.of("Content-Type", "application/octet-stream"),
            file,
            0,
            size,
            progress);
    if (r.status() >= 300) {
      throw Api.problem(r.status(), r.body());
    }
    if (!c.quiet) {
      progress.finish("upload", c.err);
    }
    return Remote.Info.of(Api.JSON.readTree(r.body()));
  }

  private Optional<Remote.Info> tus(Path file, RemotePath target, long size, boolean bar, Coffer c)
      throws IOException {
    Path state = stateFile(file, target, size);
    String location = resumable(state);
    long offset = 0;
    if (location != null) {
      offset = offset(location);
      if (offset < 0) {
        location = null;
      }
    }
    if (location == null) {
      location = create(target, size);
      offset = 0;
      Files.createDirectories(stateDir);
      Files.writeString(state, location);
    }
    Progress progress = new Progress(target.path(), size, offset, bar, c.err);
    int attempts = 0;
    int resyncs = 0;
    while (true) {
      try {
        patch(location, file, offset, size, progress);
        break;
      } catch (Problem p) {
        if (p.status() == 409 && offsetConflict(p) && resyncs < RESYNCS) {
          // Not a failure: the server holds more (or less) than we thought, typically because the
          // PATCH of a run that broke off was still being written when this one asked. Ask again.
          pause(++resyncs);
        } else if (!isTransient(p) || attempts++ >= retries) {
          throw p;
        }
        offset = offset(location);
        if (offset < 0) {
          throw p;
        }
      }
    }
    Files.deleteIfExists(state);
    if (!c.quiet) {
      progress.finish("upload", c.err);
    }
    return c.json ? Optional.of(new Remote(api).require(target)) : Optional.empty();
  }

  /** A PATCH of the rest of the file, from the offset the server holds. */
  private void patch(String location, Path file, long offset, long size, Progress progress)
      throws IOException {
    Api.Answer r =
        api.upload(
            location,
            "PATCH",
            Map.of(
                "Tus-Resumable",
                TUS,
                "Upload-Offset",
                Long.toString(offset),
                "Content-Type",
                "application/offset+octet-stream",
                // a refusal (wrong offset, over quota) comes before the body is sent, not after
                "Expect",
                "100-continue"),
            file,
            offset,
            size - offset,
            progress);
    if (r.status() != 204) {
      throw Api.problem(r.status(), r.body());
    }
  }

  private String create(RemotePath target, long size) {
    String metadata =
        "path "
            + Base64.getEncoder().encodeToString(target.path().getBytes(StandardCharsets.UTF_8));
    Api.Reply r =
        api.call(
            "POST",
            "/api/v1/uploads",
            Map.of(
                "Tus-Resumable", TUS,
                "Upload-Length", Long.toString(size),
                "Upload-Metadata", metadata),
            null);
    if (r.status() != 201) {
      throw Api.problem(r.status(), r.body());
    }
    return r.header("Location")
        .orElseThrow(() -> new LocalError("the server created an upload without a Location"));
  }

  /** The offset the server holds, or -1 when the upload is gone (finished, expired, unknown). */
  private long offset(String location) {
    Api.Reply r = api.call("HEAD", location, Map.of("Tus-Resumable", TUS), null);
    if (r.status() == 200) {
      return r.header("Upload-Offset").map(Long::parseLong).orElse(-1L);
    }
    if (r.status() == 404 || r.status() == 410) {
      return -1;
    }
    throw new Problem(r.status(), null, "resuming the upload: HTTP " + r.status());
  }

  private String resumable(Path state) throws IOException {
    return Files.exists(state) ? Files.readString(state).strip() : null;
  }

  /** The same local file (path, size, time) to the same target on the same server and user. */
  private Path stateFile(Path file, RemotePath target, long size) throws IOException {
    String key =
        String.join(
            "\n",
            api.base(),
            api.identity(),
            target.path(),
            file.toAbsolutePath().normalize().toString(),
            Long.toString(size),
            Long.toString(Files.getLastModifiedTime(file).toMillis()));
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return stateDir.resolve(HexFormat.of().formatHex(h, 0, 16) + ".tus");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A 409 to a PATCH is tus's offset conflict; refused before the body (Expect: 100-continue), it
   * comes without the problem that says so, which the JDK does not read.
   */
  private static boolean offsetConflict(Problem p) {
    return p.code() == null || "offset-conflict".equals(p.code());
  }

  /** A refusal worth another try: the network failed (503, 504) or the offset moved (409). */
  private static boolean isTransient(Problem p) {
    return p.status() == 503 || p.status() == 504 || p.status() == 409;
  }

  /** A short wait before asking again, longer each time: 100 ms, 200 ms, ... */
  private static void pause(int times) throws IOException {
    try {
      Thread.sleep(100L * times);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while resuming the upload");
    }
  }
}
