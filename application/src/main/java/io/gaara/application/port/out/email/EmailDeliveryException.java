package io.gaara.application.port.out.email;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider did not accept a message. Retryable: a timeout, a 429 or 5xx, a refused connection, a temporary SMTP
 * reply (4xx); the outbox tries again later ({@link #retryAfter()} when the provider said when). Not retryable: the
 * provider refused this message (a 4xx other than 429, a permanent SMTP reply, a bad key), which trying again would not
 * change. The message names the provider, the status and its reason, never a body or a key.
 */
public class EmailDeliveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final transient Duration retryAfter;

    public EmailDeliveryException(String message, boolean retryable, Duration retryAfter) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public EmailDeliveryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = null;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
