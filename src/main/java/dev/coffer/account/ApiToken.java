package dev.coffer.account;

import java.time.OffsetDateTime;

/** A bearer token's row: only the SHA-256 of the secret is kept. */
record ApiToken(
    String id,
    String username,
    String name,
    String tokenHash,
    OffsetDateTime createdAt,
    OffsetDateTime expiresAt) {}
