package dev.coffer.files.storage;

/**
 * The outcome of a committed write.
 *
 * @param info the file as it now stands
 * @param created true when the path did not exist before, false when a file was replaced
 */
public record Written(FileInfo info, boolean created) {}
