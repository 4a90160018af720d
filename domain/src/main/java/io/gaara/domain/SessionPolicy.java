package io.gaara.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a session lives: it dies when unused for {@code idleTimeout}, and in any case {@code absoluteLifetime} after
 * login. {@code reuseGrace} is how long after a rotation the refresh token it spent may be presented again and be
 * answered with the family's current token instead of being treated as reuse (0 = strict, RFC 9700 §4.14 to the letter;
 * a few seconds let a client whose refresh response was lost, or that refreshed twice at once, keep its session).
 * {@code maxPerUser} is how many live sessions one user may hold: a login beyond it ends the user's oldest live ones.
 */
public record SessionPolicy(Duration idleTimeout, Duration absoluteLifetime, Duration reuseGrace, int maxPerUser) {
    public static final Duration MAX_REUSE_GRACE = Duration.ofSeconds(60);
    /** As many as Okta's and Auth0's defaults allow a user: far more devices than a person has, yet a bound. */
    public static final int DEFAULT_MAX_PER_USER = 100;
    /** A bound on the bound: each login's cap check reads at most this many of the user's sessions. */
    public static final int MAX_MAX_PER_USER = 10_000;

    public static final SessionPolicy DEFAULT = new SessionPolicy(Duration.ofDays(14), Duration.ofDays(30));

    public SessionPolicy(Duration idleTimeout, Duration absoluteLifetime) {
        this(idleTimeout, absoluteLifetime, Duration.ZERO);
    }

    public SessionPolicy(Duration idleTimeout, Duration absoluteLifetime, Duration reuseGrace) {
        this(idleTimeout, absoluteLifetime, reuseGrace, DEFAULT_MAX_PER_USER);
    }

    public SessionPolicy {
        if (maxPerUser < 1 || maxPerUser > MAX_MAX_PER_USER) {
            throw new InvalidValueException(
                    "the live sessions per user must be between 1 and " + MAX_MAX_PER_USER + "; got " + maxPerUser);
        }
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

    /** This policy with another cap on live sessions per user. */
    public SessionPolicy withMaxPerUser(int max) {
        return new SessionPolicy(idleTimeout, absoluteLifetime, reuseGrace, max);
    }
}
