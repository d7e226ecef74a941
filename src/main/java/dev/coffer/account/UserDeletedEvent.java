package dev.coffer.account;

/**
 * Published after an account is deleted, so that other features can drop what the user owned.
 *
 * @param username the deleted account
 * @param purge whether the admin asked for the user's files and keys to be removed too
 */
public record UserDeletedEvent(String username, boolean purge) {}
