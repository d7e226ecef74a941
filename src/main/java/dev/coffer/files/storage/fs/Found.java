package dev.coffer.files.storage.fs;

import dev.coffer.files.storage.StoragePath;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/** An entry chosen for a listing page: its path in the home, its file, and what it is. */
record Found(StoragePath path, Path file, BasicFileAttributes attributes) {

  Instant modified() {
    return attributes.lastModifiedTime().toInstant();
  }
}
