package io.gaara.application.port.out.persistence;

import java.time.Instant;
import java.util.Objects;

/**
 * What is counted under one key: {@code count} failures (or uses), the key blocked until {@code blockedUntil} (null
 * when it is not), the whole counter forgotten at {@code expiresAt}. Times to the microsecond.
 */
public record AttemptCounter(int count, Instant blockedUntil, Instant expiresAt) {
    public AttemptCounter {
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (count < 1) {
            throw new IllegalArgumentException("a counter holds at least one attempt");
        }
    }

    /** Whether the key must wait at {@code now}. */
    public boolean blocks(Instant now) {
        return blockedUntil != null && blockedUntil.isAfter(now);
    }
}
