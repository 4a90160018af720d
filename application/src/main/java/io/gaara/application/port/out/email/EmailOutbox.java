package io.gaara.application.port.out.email;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Messages waiting to be sent, kept in the database so that none is lost to a crash: {@link #enqueue} joins the
 * caller's transaction (the message commits with the token it carries, or not at all), and several instances drain the
 * one outbox without sending a message twice in normal operation.
 */
public interface EmailOutbox {
    /** Queues a message, due at once, in the caller's transaction. */
    void enqueue(OutboxEmail email, Instant now);

    /**
     * Takes up to {@code max} due messages for this instance: each is leased until {@code now + lease}, during which no
     * other claim returns it. A message whose lease ran out (its instance died while sending) is due again.
     */
    List<ClaimedEmail> claimDue(int max, Instant now, Duration lease);

    /** The message was accepted by the provider; its values (a token, say) are erased. */
    void markSent(long id, Instant now);

    /**
     * It failed and will be tried again at {@code nextAttempt}; {@code error} says why (no body, no token). The outbox
     * keeps {@code error} as one line of at most {@value #MAX_ERROR_LENGTH} characters: every line break and control
     * character becomes a space and the rest is cut, so a provider's reply can neither break a log line nor cost the
     * row its update. Callers pass the reason as they got it.
     */
    void markRetry(long id, Instant nextAttempt, String error);

    /**
     * It failed for good (the provider refused it, or it ran out of attempts); its values are erased. {@code error} is
     * kept as {@link #markRetry} keeps it.
     */
    void markFailed(long id, Instant now, String error);

    /** The longest failure reason an outbox keeps, in characters (code points). */
    int MAX_ERROR_LENGTH = 300;

    /** How many messages are pending, sent and failed, for health and metrics. */
    OutboxCounts counts();

    /**
     * A message claimed for sending.
     *
     * @param attempts delivery attempts made before this one
     */
    record ClaimedEmail(long id, OutboxEmail email, int attempts, Instant enqueuedAt) {}

    record OutboxCounts(long pending, long sent, long failed) {}
}
