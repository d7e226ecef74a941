package dev.coffer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Fetches one file into {@code NAME.coffer-part} beside the target, hashed and written on threads
 * of their own as it arrives ({@link HashedWrite}), and renames it into place only when the SHA-256
 * matches the server's {@code Repr-Digest}. A part left by a cut connection or an interrupted run
 * is resumed with a {@code Range} guarded by {@code If-Range}, so a file changed meanwhile starts
 * again from zero.
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
    Api.Fetched r = null;
    if (have > 0) {
      try {
        r = remote.fetch(source, "bytes=" + have + "-", etag, true);
      } catch (Problem p) {
        // a part as long as the file or longer (a run stopped between its last byte and the
        // rename, or a file that shrank meanwhile): nothing to resume, so from the start
        if (p.status() != 416) {
          throw p;
        }
      }
    }
    if (r == null) {
      r = remote.fetch(source, null, null, true);
    }
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
    try (FileChannel out =
            FileChannel.open(
                part,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                have > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        HashedWrite landing = new HashedWrite(out, r.channel() != null);
        InputStream in = r.body()) {
      if (have > 0) {
        landing.prefix(part, have);
      }
      while (true) {
        ByteBuffer b = landing.buffer();
        int n;
        try {
          n = fill(r, in, b);
        } catch (IOException e) {
          landing.finish(); // what arrived stays, for the next run to resume
          throw new Problem(
              503,
              "connection-lost",
              source + ": the download broke off (" + e.getMessage() + "); run it again to resume");
        }
        if (n > 0) {
          received += n;
          landing.add(b);
          progress.add(n);
        }
        if (n < b.capacity()) {
          break;
        }
      }
      String actual = landing.finish();
      if (length >= 0 && received < length) {
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
      if (expected != null && !expected.equals(actual)) {
        out.close();
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

  /**
   * Fills the buffer from the body, up to its end, and leaves it ready to be read; answers how many
   * bytes came.
   */
  private static int fill(Api.Fetched r, InputStream in, ByteBuffer b) throws IOException {
    ReadableByteChannel channel = r.channel();
    if (channel == null) {
      int n = in.readNBytes(b.array(), b.arrayOffset(), b.capacity());
      b.limit(Math.max(n, 0));
      return n;
    }
    while (b.hasRemaining() && channel.read(b) >= 0) {
      // until the buffer is full or the body ends
    }
    b.flip();
    return b.limit();
  }

  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
