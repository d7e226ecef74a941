package dev.coffer.files.storage.fs;

import dev.coffer.files.storage.Listings;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/**
 * A name found by a scan of a folder, looked at ({@code fstatat}) only the first time what it is
 * matters: ordering by name needs to know whether an entry is a folder only where one name is
 * another followed by a character below {@code /} ({@link Listings#compareNames}).
 */
final class ScannedName implements NameKey {

  private final Dir dir;
  private final String name;
  private boolean looked;
  private @Nullable BasicFileAttributes attributes;
  private @Nullable IOException failure;

  ScannedName(Dir dir, String name) {
    this.dir = dir;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  Path file() {
    return dir.path().resolve(name);
  }

  /** Whether it is a folder; false when it is gone or cannot be looked at. */
  @Override
  public boolean folder() {
    look();
    return attributes != null && attributes.isDirectory();
  }

  /** The entry's attributes; null when it is gone. */
  @Nullable BasicFileAttributes attributes() throws IOException {
    look();
    if (failure != null) {
      throw failure;
    }
    return attributes;
  }

  private void look() {
    if (!looked) {
      looked = true;
      try {
        attributes = dir.statOrNull(name);
      } catch (IOException e) {
        failure = e;
      }
    }
  }
}
