package io.gaara.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a session lives: it dies when unused for {@code idleTimeout}, and in any case
 * {@code absoluteLifetime} after login.
 */
public record SessionPolicy(Duration idleTimeout, Duration absoluteLifetime) {
    public static final SessionPolicy DEFAULT = new SessionPolicy(Duration.ofDays(14), Duration.ofDays(30));

    public SessionPolicy {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(absoluteLifetime, "absoluteLifetime");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new InvalidValueException("session idle timeout must be positive");
        }
        if (absoluteLifetime.compareTo(idleTimeout) < 0) {
            throw new InvalidValueException("session absolute lifetime must be at least the idle timeout");
        }
    }
}
