package dev.coffer.files.storage;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a folder listing.
 *
 * @param entries the entries of this page, in the requested order
 * @param nextCursor pass it back in {@link ListOptions#cursor()} for the next page; null when this
 *     is the last page
 */
public record Listing(List<FileInfo> entries, @Nullable String nextCursor) {}
