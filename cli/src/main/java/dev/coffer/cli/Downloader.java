package dev.coffer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Fetches one file into {@code NAME.coffer-part} beside the target, hashing on a second thread as
 * it arrives, and renames it into place only when the SHA-256 matches the server's {@code
 * Repr-Digest}. A part left by a cut connection or an interrupted run is resumed with a {@code
 * Range} guarded by {@code If-Range}, so a file changed meanwhile starts again from zero.
 */
final class Downloader {

  private final Remote remote;

  Downloader(Api api) {
    this.remote = new Remote(api);
  }

  static Path partOf(Path target) {
    return target.resolveSibling(target.getFileName() + ".coffer-part");
  }

  private static Path etagOf(Path part) {
    return part.resolveSibling(part.getFileName() + "-etag");
  }

  void download(RemotePath source, Path target, boolean bar, Coffer c)
      throws IOException, InterruptedException {
    Path part = partOf(target);
    Path etagFile = etagOf(part);
    long have = 0;
    String etag = null;
    if (Files.exists(part) && Files.exists(etagFile)) {
      have = Files.size(part);
      etag = Files.readString(etagFile).strip();
    }
    Api.Fetched r =
        have > 0
            ? remote.fetch(source, "bytes=" + have + "-", etag)
            : remote.fetch(source, null, null);
    if (r.status() != 206) {
      have = 0;
    }
    String expected = r.header("Repr-Digest").map(Remote::sha256Hex).orElse(null);
    String newEtag = r.header("ETag").orElse(null);
    long total =
        r.status() == 206
            ? r.header("Content-Range")
                .map(v -> Long.parseLong(v.substring(v.indexOf('/') + 1)))
                .orElse(-1L)
            : r.header("Content-Length").map(Long::parseLong).orElse(-1L);
    Files.createDirectories(target.toAbsolutePath().getParent());
    if (newEtag != null) {
      Files.writeString(etagFile, newEtag);
    }
    // the older client's body simply ends where a cut connection stopped: the length tells
    long length = r.header("Content-Length").map(Long::parseLong).orElse(-1L);
    long received = 0;
    Progress progress = new Progress(source.path(), total, have, bar, c.err);
    try (Sha256 sha = new Sha256();
        InputStream in = r.body();
        OutputStream out =
            Files.newOutputStream(
                part,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                have > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      if (have > 0) {
        sha.prefix(part, have);
      }
      while (true) {
        byte[] b = sha.buffer();
        int n;
        try {
          n = in.readNBytes(b, 0, b.length);
        } catch (IOException e) {
          throw new Problem(
              503,
              "connection-lost",
              source + ": the download broke off (" + e.getMessage() + "); run it again to resume");
        }
        if (n <= 0) {
          sha.hashed(b, 0);
          if (length >= 0 && received < length) {
            out.close();
            throw new Problem(
                503,
                "connection-lost",
                source
                    + ": the download broke off after "
                    + received
                    + " of "
                    + length
                    + " bytes; run it again to resume");
          }
          break;
        }
        received += n;
        out.write(b, 0, n);
        sha.hashed(b, n);
        progress.add(n);
      }
      out.close();
      String actual = sha.hex();
      if (expected != null && !expected.equals(actual)) {
        Files.deleteIfExists(part);
        Files.deleteIfExists(etagFile);
        throw new LocalError(
            source + ": SHA-256 " + actual + " does not match the server's " + expected);
      }
    } catch (IOException e) {
      // the network's failures are answered above; this is the local side (a full disk, say)
      throw new LocalError("cannot write " + part + ": " + e.getMessage(), e);
    }
    move(part, target);
    Files.deleteIfExists(etagFile);
    if (!c.quiet) {
      progress.finish("download", c.err);
    }
  }

  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
