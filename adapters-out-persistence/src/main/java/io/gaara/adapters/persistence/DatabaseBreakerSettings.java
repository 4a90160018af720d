package io.gaara.adapters.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * When the database's circuit breaker opens and for how long it then refuses calls before one trial call may test the
 * database again.
 *
 * @param failuresToOpen this many outage failures in a row (lost or refused connections, no pooled connection in time,
 *     a statement cut off by its timeout) open the breaker; a call the database answers, an error included (a unique
 *     violation, say), breaks the run
 * @param openFor how long an open breaker answers every call at once with 503 before it lets one trial call through
 */
public record DatabaseBreakerSettings(int failuresToOpen, Duration openFor) {
    public static final int DEFAULT_FAILURES_TO_OPEN = 5;
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(5);

    public DatabaseBreakerSettings {
        if (failuresToOpen < 1 || failuresToOpen > 100) {
            throw new IllegalArgumentException("failuresToOpen must be between 1 and 100, was " + failuresToOpen);
        }
        Objects.requireNonNull(openFor, "openFor");
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("openFor must be positive, was " + openFor);
        }
    }

    /** 5 outage failures in a row open it for 5 s. */
    public static DatabaseBreakerSettings defaults() {
        return new DatabaseBreakerSettings(DEFAULT_FAILURES_TO_OPEN, DEFAULT_OPEN_FOR);
    }
}
