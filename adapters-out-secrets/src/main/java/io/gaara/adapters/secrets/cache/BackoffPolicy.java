package io.gaara.adapters.secrets.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the cache waits before asking the backend again for a name that keeps failing: capped exponential backoff,
 * each delay drawn between half and all of it ("equal jitter"): spread, yet never a busy loop.
 */
final class BackoffPolicy {
    private final Duration initial;
    private final Duration maximum;
    private final Jitter jitter;

    BackoffPolicy(Duration initial, Duration maximum, Jitter jitter) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.maximum = Objects.requireNonNull(maximum, "maximum");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    /**
     * The delay after the {@code failures}-th failure in a row: {@code initial}, doubling up to {@code maximum},
     * jittered down to half.
     */
    Duration delay(int failures) {
        long initialNanos = initial.toNanos();
        long maximumNanos = maximum.toNanos();
        int doublings = Math.min(failures - 1, 62);
        long capped = doublings >= Long.numberOfLeadingZeros(initialNanos) - 1
                ? maximumNanos
                : Math.min(maximumNanos, initialNanos << doublings);
        return Duration.ofNanos(Math.max(1, (long) (capped * (0.5 + 0.5 * jitter.next()))));
    }
}
