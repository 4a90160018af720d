package io.gaara.adapters.secrets.breaker;

import java.time.Duration;
import java.util.Objects;

/**
 * When the circuit breaker in front of a secrets backend opens and how long it then refuses trips before one trial trip
 * may test the backend again.
 *
 * @param failuresToOpen this many trips in a row that end in {@code SecretStoreUnavailableException} open it; any
 *     answer from the backend (a value, or "absent") breaks the run
 * @param openFor how long an open breaker refuses every trip at once (the cache serves its last good values meanwhile)
 *     before it lets one trial trip through
 */
public record SecretsBreakerSettings(int failuresToOpen, Duration openFor) {
    public static final int DEFAULT_FAILURES_TO_OPEN = 3;
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);

    public SecretsBreakerSettings {
        if (failuresToOpen < 1 || failuresToOpen > 100) {
            throw new IllegalArgumentException("failuresToOpen must be between 1 and 100, was " + failuresToOpen);
        }
        Objects.requireNonNull(openFor, "openFor");
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("openFor must be positive, was " + openFor);
        }
    }

    /** 3 failed trips in a row open it for 30 s. */
    public static SecretsBreakerSettings defaults() {
        return new SecretsBreakerSettings(DEFAULT_FAILURES_TO_OPEN, DEFAULT_OPEN_FOR);
    }
}
