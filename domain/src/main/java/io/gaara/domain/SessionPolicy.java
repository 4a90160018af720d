package io.gaara.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a session lives: it dies when unused for {@code idleTimeout}, and in any case {@code absoluteLifetime} after
 * login. {@code reuseGrace} is how long after a rotation the refresh token it spent may be presented again and be
 * answered with the family's current token instead of being treated as reuse (0 = strict, RFC 9700 §4.14 to the letter;
 * a few seconds let a client whose refresh response was lost, or that refreshed twice at once, keep its session).
 */
public record SessionPolicy(Duration idleTimeout, Duration absoluteLifetime, Duration reuseGrace) {
    public static final Duration MAX_REUSE_GRACE = Duration.ofSeconds(60);
    public static final SessionPolicy DEFAULT = new SessionPolicy(Duration.ofDays(14), Duration.ofDays(30));

    public SessionPolicy(Duration idleTimeout, Duration absoluteLifetime) {
        this(idleTimeout, absoluteLifetime, Duration.ZERO);
    }

    public SessionPolicy {
        Objects.requireNonNull(reuseGrace, "reuseGrace");
        if (reuseGrace.isNegative() || reuseGrace.compareTo(MAX_REUSE_GRACE) > 0) {
            throw new InvalidValueException(
                    "refresh reuse grace must be between 0 and " + MAX_REUSE_GRACE.toSeconds() + " seconds");
        }
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
