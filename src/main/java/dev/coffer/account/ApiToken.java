package dev.coffer.account;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** A bearer token's row: only the SHA-256 of the secret is kept. */
record ApiToken(
    String id,
    String username,
    String name,
    String tokenHash,
    OffsetDateTime createdAt,
    @Nullable OffsetDateTime expiresAt) {}
