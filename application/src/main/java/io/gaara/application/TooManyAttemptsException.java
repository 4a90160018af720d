package io.gaara.application;

import java.time.Duration;
import java.util.Objects;

/**
 * Too many failed logins or registrations from this source or for this account: refused before any password is hashed,
 * to be retried after {@link #retryAfter()}. The message never says which limit was reached, nor whether the account
 * exists (ASVS 6.3.8).
 */
public class TooManyAttemptsException extends ApplicationException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public TooManyAttemptsException(String message, Duration retryAfter) {
        super(message);
        Objects.requireNonNull(retryAfter, "retryAfter");
        this.retryAfter = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** The wait in whole seconds, rounded up and at least 1, as an HTTP {@code Retry-After} says it (RFC 9110). */
    public long retryAfterSeconds() {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
