package dev.coffer.files.storage.fs;

import dev.coffer.cluster.PathLocks;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of a file-system storage on a real folder, wired as the facade wires them. Tests of one
 * part extend {@link Parts.OnFolder} to get a fresh set per test.
 */
final class Parts implements Closeable {

  /** A fresh set of parts on a temporary folder for each test. */
  abstract static class OnFolder {
    @TempDir Path root;
    Parts parts;

    @BeforeEach
    void openParts() throws IOException {
      parts = new Parts(root);
    }

    @AfterEach
    void closeParts() throws IOException {
      parts.close();
    }
  }

  final Path root;
  final Dir homesTop;
  final Dir partialsTop;
  final Dir staging;
  final Folders folders;
  final FileInfos infos = new FileInfos();
  final PathLocks pathLocks = new PathLocks();
  final Homes homes;
  final Committer committer;

  Parts(Path root) throws IOException {
    this.root = root;
    this.homesTop = Dir.openTop(Files.createDirectories(root.resolve("homes")));
    this.partialsTop = Dir.openTop(Files.createDirectories(root.resolve("partials")));
    this.staging = Dir.openTop(Files.createDirectories(root.resolve("tmp")));
    this.folders = new Folders(staging);
    this.homes = new Homes(homesTop, folders);
    this.committer = new Committer(homes, pathLocks, infos);
  }

  Path home(String owner) {
    return root.resolve("homes").resolve(owner);
  }

  @Override
  public void close() throws IOException {
    try (Dir h = homesTop;
        Dir p = partialsTop;
        Dir s = staging) {
      // closed in reverse order
    }
  }
}
