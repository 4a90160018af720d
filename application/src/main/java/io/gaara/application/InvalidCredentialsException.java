package io.gaara.application;

import java.time.Duration;
import java.util.Objects;

/**
 * The email or password is wrong; the two cases are not told apart (ASVS 6.3.8), neither in the message nor in the time
 * the answer takes: {@link #answerDelay()} is how much longer the caller must wait before it answers, so that every
 * failed login is answered the same time after it began, whatever account it named.
 */
public class InvalidCredentialsException extends ApplicationException {
    private static final long serialVersionUID = 1L;

    private final Duration answerDelay;

    public InvalidCredentialsException(String message) {
        this(message, Duration.ZERO);
    }

    public InvalidCredentialsException(String message, Duration answerDelay) {
        super(message);
        Objects.requireNonNull(answerDelay, "answerDelay");
        this.answerDelay = answerDelay.isNegative() ? Duration.ZERO : answerDelay;
    }

    /** How long the answer still waits; zero when the check itself already took the whole floor. */
    public Duration answerDelay() {
        return answerDelay;
    }
}
