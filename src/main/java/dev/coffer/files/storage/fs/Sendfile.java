package dev.coffer.files.storage.fs;

import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.OpenFile;

/**
 * A capability of the files this backend opens: a servlet container may send a range of one itself,
 * with no copy through the Java heap ({@code sendfile(2)}, as Tomcat offers it). The download code
 * checks for it ({@code file instanceof Sendfile}) and streams by {@link OpenFile#transferTo}
 * without it (other backends, small ranges, sendfile switched off).
 *
 * <p>This is the one place a local file name leaves the file-system backend, and it goes only into
 * the container's hands: the {@link dev.coffer.files.storage.Storage} and {@link OpenFile} API
 * expose no path. The container opens the file by name after the handle is closed, so a replace
 * that commits in between would be sent instead; callers use it only where that small window is
 * acceptable.
 */
public interface Sendfile {

  /** A container that sends a region of a local file itself once the request returns. */
  @FunctionalInterface
  interface Container {
    /**
     * Arranges for the container to send bytes {@code start} (inclusive) to {@code end} (exclusive)
     * of the named file; false, changing nothing, when it cannot.
     */
    boolean sendfile(String fileName, long start, long end);
  }

  /** Hands {@code range} of this file to {@code container}; false when it cannot take it. */
  boolean sendfile(ByteRange range, Container container);
}
