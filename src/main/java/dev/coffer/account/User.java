package dev.coffer.account;

import java.time.OffsetDateTime;

/** An account row. {@code quotaBytes} null means unlimited. */
record User(
    String username,
    String passwordHash,
    boolean admin,
    boolean disabled,
    Long quotaBytes,
    long usedBytes,
    OffsetDateTime createdAt) {}
