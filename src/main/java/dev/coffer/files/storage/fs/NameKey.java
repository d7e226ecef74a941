package dev.coffer.files.storage.fs;

import dev.coffer.files.storage.Listings;
import java.util.Comparator;

/**
 * A place in the name order of a folder: an entry's name and, looked at only when needed, whether
 * it is a folder ({@link ScannedName}), or a place that need not be an entry on disk ({@link
 * Bound}, a cursor's).
 */
interface NameKey {

  /** The order of object-store keys: by name, a folder's name followed by {@code /}. */
  Comparator<NameKey> ASCENDING =
      (a, b) -> Listings.compareNames(a.name(), a::folder, b.name(), b::folder);

  String name();

  boolean folder();

  /** A place in the order given by name and kind, not looked up on disk. */
  record Bound(String name, boolean folder) implements NameKey {}
}
