package dev.coffer.account;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** An account row. {@code quotaBytes} null means unlimited. */
record User(
    String username,
    String passwordHash,
    boolean admin,
    boolean disabled,
    @Nullable Long quotaBytes,
    long usedBytes,
    OffsetDateTime createdAt) {}
