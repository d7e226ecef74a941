package dev.coffer.files.storage.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An opened folder. Every step is taken relative to the open handle with no symbolic link followed
 * ({@code openat}, {@code fstatat}, {@code renameat}, {@code unlinkat} with {@code O_NOFOLLOW}, by
 * way of {@link SecureDirectoryStream}), so once a folder is open nothing swapped in above it, and
 * no link put in its place, can redirect what is done inside it. Names are single path segments.
 *
 * <p>Methods throw the file system's own exceptions; the storage gives them meaning.
 */
final class Dir implements Closeable {

  /** How often a step is retried when what it stood on was removed or replaced meanwhile. */
  static final int RETRIES = 8;

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final Path SELF = Path.of(".");

  private final SecureDirectoryStream<Path> stream;
  private final Path path;

  private Dir(SecureDirectoryStream<Path> stream, Path path) {
    this.stream = stream;
    this.path = path;
  }

  /**
   * Opens one of the storage's own top folders. It must be a real folder, not a link, and the one
   * looked at is the one opened (compared by identity), so a link swapped in between is refused.
   */
  static Dir openTop(Path folder) throws IOException {
    BasicFileAttributes before =
        Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!before.isDirectory()) {
      throw new IOException(
          folder + " is not a folder (a symbolic link is refused: the storage follows none)");
    }
    DirectoryStream<Path> opened = Files.newDirectoryStream(folder);
    if (!(opened instanceof SecureDirectoryStream<Path> secure)) {
      opened.close();
      throw new IOException(
          "This platform offers no SecureDirectoryStream; the file-system storage needs one (Linux"
              + " and macOS have it).");
    }
    Dir dir = new Dir(secure, folder);
    if (before.fileKey() != null && !Objects.equals(before.fileKey(), dir.attributes().fileKey())) {
      dir.close();
      throw new IOException(folder + " changed while it was opened");
    }
    return dir;
  }

  /**
   * Where the folder was when it was opened; for the storage's own folders, local names handed on
   * ({@link Sendfile}) and messages.
   */
  Path path() {
    return path;
  }

  /** The attributes of this folder itself. */
  BasicFileAttributes attributes() throws IOException {
    return stream.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
  }

  /** The attributes of an entry, not following a link; null when there is none. */
  @Nullable BasicFileAttributes statOrNull(String name) throws IOException {
    try {
      return stream
          .getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NOFOLLOW)
          .readAttributes();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Opens a sub-folder; a link there fails (ELOOP) rather than being followed. */
  Dir open(String name) throws IOException {
    return new Dir(stream.newDirectoryStream(Path.of(name), NOFOLLOW), path.resolve(name));
  }

  /** Opens a file in this folder; a link there fails rather than being followed. */
  FileChannel openFile(String name, OpenOption... options) throws IOException {
    Set<OpenOption> set = new HashSet<>(List.of(options));
    set.add(NOFOLLOW);
    return (FileChannel) stream.newByteChannel(Path.of(name), set);
  }

  /** Renames an entry into {@code target} (which may be this folder), replacing what is there. */
  void rename(String name, Dir target, String targetName) throws IOException {
    stream.move(Path.of(name), target.stream, Path.of(targetName));
  }

  void deleteFile(String name) throws IOException {
    stream.deleteFile(Path.of(name));
  }

  void deleteFolder(String name) throws IOException {
    stream.deleteDirectory(Path.of(name));
  }

  /**
   * Flushes this folder's entries to stable storage, so that names created, renamed or removed in
   * it survive a power cut.
   */
  void sync() throws IOException {
    try (FileChannel self =
        (FileChannel) stream.newByteChannel(SELF, Set.of(StandardOpenOption.READ))) {
      self.force(true);
    }
  }

  /**
   * The names in this folder now (read through a fresh handle, so a Dir can list any number of
   * times).
   */
  List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    try (Dir again = open(".")) {
      for (Path entry : again.stream) {
        names.add(entry.getFileName().toString());
      }
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    return names;
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }
}
