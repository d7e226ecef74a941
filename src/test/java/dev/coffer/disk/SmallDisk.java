package dev.coffer.disk;

import dev.coffer.support.Peers;
import dev.coffer.web.NoSpace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small file system of its own, mounted for a test: an ext4 image on a loop device, which behaves
 * like a real disk (delayed allocation, block reservations), or tmpfs where loop devices are
 * missing. Mounting needs root: without it the test is skipped, and fails when {@code CI=true}. It
 * is filled "from outside", by a file the service knows nothing about.
 */
final class SmallDisk implements AutoCloseable {

  private final Path mountPoint;
  private final Path image;
  private final Path filler;

  private SmallDisk(Path mountPoint, Path image) {
    this.mountPoint = mountPoint;
    this.image = image;
    this.filler = mountPoint.resolve("filler");
  }

  /** Mounts a file system of {@code megabytes}, or skips (fails in CI) the calling test. */
  static SmallDisk mount(int megabytes) throws Exception {
    Path dir = Files.createTempDirectory("coffer-small-disk-");
    Path image = dir.resolve("disk.img");
    Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
    String why;
    if (!"root".equals(System.getProperty("user.name"))) {
      why = "root (to mount a small file system)";
    } else {
      try (FileChannel channel =
          FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        channel.truncate(0).write(ByteBuffer.allocate(1), megabytes * 1024L * 1024 - 1);
      }
      // -m 0: no blocks kept for root, who runs the tests; the file system is full when it says so.
      if (run("mkfs.ext4", "-q", "-F", "-m", "0", image.toString())
          && run("mount", "-o", "loop", image.toString(), mountPoint.toString())) {
        return new SmallDisk(mountPoint, image);
      }
      Files.deleteIfExists(image);
      if (run(
          "mount",
          "-t",
          "tmpfs",
          "-o",
          "size=" + megabytes + "m",
          "tmpfs",
          mountPoint.toString())) {
        return new SmallDisk(mountPoint, null);
      }
      why = "a small file system (mount -o loop of an ext4 image, or tmpfs)";
    }
    Files.deleteIfExists(mountPoint);
    Files.deleteIfExists(dir);
    Peers.require(false, why);
    throw new IllegalStateException("unreachable");
  }

  Path root() {
    return mountPoint;
  }

  long usable() throws IOException {
    FileStore store = Files.getFileStore(mountPoint);
    return store.getUsableSpace();
  }

  /** Writes a file outside Coffer's folders until the file system refuses another byte. */
  void fill() throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            filler,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      for (int size : new int[] {1 << 20, 1 << 12, 1}) {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[size]);
        try {
          while (true) {
            buffer.clear();
            while (buffer.hasRemaining()) {
              channel.write(buffer);
            }
          }
        } catch (IOException e) {
          if (!NoSpace.causedBy(e)) {
            throw e;
          }
        }
      }
    }
  }

  /** Removes what {@link #fill} wrote. */
  void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  @Override
  public void close() throws Exception {
    run("umount", mountPoint.toString());
    Files.deleteIfExists(mountPoint);
    if (image != null) {
      Files.deleteIfExists(image);
    }
    Files.deleteIfExists(mountPoint.getParent());
  }

  private static boolean run(String... command) throws Exception {
    Process process;
    try {
      process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    } catch (IOException e) {
      return false; // not installed
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return false;
    }
    if (process.exitValue() != 0) {
      System.err.println(String.join(" ", command) + ": " + output.strip());
      return false;
    }
    return true;
  }
}
