package dev.coffer.security;

/**
 * The authenticated caller, as controllers see it through {@code @AuthenticationPrincipal}.
 *
 * @param username the account name, which also names the caller's home and key ring
 * @param admin whether the account may manage users
 */
public record CofferPrincipal(String username, boolean admin) {}
