package io.gaara.application.service;

import io.gaara.application.port.out.email.EmailDeliveryException;
import io.gaara.application.port.out.email.EmailMessage;
import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.email.EmailOutbox.ClaimedEmail;
import io.gaara.application.port.out.email.EmailRenderer;
import io.gaara.application.port.out.email.EmailSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Delivers what the outbox holds: claims a batch of due messages (a lease no other instance can take from it), renders
 * and sends each, and records the outcome. A provider that is down or throttling ({@link EmailDeliveryException}
 * retryable) is tried again after a backoff that doubles from {@code firstRetry} up to {@code maxRetry}, with jitter so
 * that instances do not retry in step, and no sooner than a {@code Retry-After}; after {@code maxAttempts} the message
 * is given up and recorded as failed. A message the provider refuses outright is failed at once. An instance that dies
 * between claiming and recording leaves its lease to run out, after which another instance sends the message:
 * at-least-once, never lost.
 */
public final class EmailOutboxRelay {
    /** How the relay retries; the defaults give up after about a day. */
    public record RetryPolicy(int batch, Duration lease, Duration firstRetry, Duration maxRetry, int maxAttempts) {
        public static final RetryPolicy DEFAULT =
                new RetryPolicy(20, Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofHours(1), 30);

        public RetryPolicy {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(firstRetry, "firstRetry");
            Objects.requireNonNull(maxRetry, "maxRetry");
            if (batch < 1 || maxAttempts < 1 || firstRetry.isNegative() || maxRetry.compareTo(firstRetry) < 0) {
                throw new IllegalArgumentException("a retry policy needs a batch, attempts and increasing waits");
            }
        }
    }

    private final EmailOutbox outbox;
    private final EmailRenderer renderer;
    private final EmailSender sender;
    private final Clock clock;
    private final RetryPolicy policy;
    private final RandomGenerator random;
    private final AtomicLong failedForGood = new AtomicLong();

    public EmailOutboxRelay(
            EmailOutbox outbox,
            EmailRenderer renderer,
            EmailSender sender,
            Clock clock,
            RetryPolicy policy,
            RandomGenerator random) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * One pass: sends what is due, at most a batch. Returns how many messages were claimed (a full batch: go again).
     */
    public int deliverDue() {
        List<ClaimedEmail> claimed = outbox.claimDue(policy.batch(), clock.instant(), policy.lease());
        for (ClaimedEmail email : claimed) {
            deliver(email);
        }
        return claimed.size();
    }

    public int batchSize() {
        return policy.batch();
    }

    /**
     * Messages this relay recorded as failed for good since it was built (refused by the provider, unrenderable, or out
     * of attempts): for the server to log, so that a broken provider does not go unseen until someone reads the table.
     */
    public long failedForGood() {
        return failedForGood.get();
    }

    private void deliver(ClaimedEmail claimed) {
        EmailMessage message;
        try {
            message = renderer.render(claimed.email());
        } catch (RuntimeException e) {
            // a template that cannot be filled will not fill later
            outbox.markFailed(
                    claimed.id(), clock.instant(), "render: " + e.getClass().getSimpleName());
            failedForGood.incrementAndGet();
            return;
        }
        try {
            sender.send(message);
            outbox.markSent(claimed.id(), clock.instant());
        } catch (EmailDeliveryException e) {
            // the outbox keeps the reason as one short line (EmailOutbox's word): no cleaning here
            failed(claimed, e.retryable(), e.retryAfter().orElse(Duration.ZERO), reason(e));
        } catch (RuntimeException e) {
            failed(
                    claimed,
                    true,
                    Duration.ZERO,
                    sender.providerName() + ": " + e.getClass().getSimpleName());
        }
    }

    private void failed(ClaimedEmail claimed, boolean retryable, Duration retryAfter, String error) {
        Instant now = clock.instant();
        int attempts = claimed.attempts() + 1;
        if (!retryable || attempts >= policy.maxAttempts()) {
            outbox.markFailed(
                    claimed.id(), now, (retryable ? "gave up after " + attempts + " attempts: " : "") + error);
            failedForGood.incrementAndGet();
            return;
        }
        Duration wait = policy.firstRetry().multipliedBy(1L << Math.min(attempts - 1, 20));
        if (wait.compareTo(policy.maxRetry()) > 0) {
            wait = policy.maxRetry();
        }
        // full jitter on the upper half: between half the wait and the wait
        long half = wait.toMillis() / 2;
        wait = Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
        if (wait.compareTo(retryAfter) < 0) {
            wait = retryAfter;
        }
        outbox.markRetry(claimed.id(), now.plus(wait), error);
    }

    private String reason(EmailDeliveryException e) {
        return e.getMessage() != null
                ? e.getMessage()
                : sender.providerName() + ": " + e.getClass().getSimpleName();
    }
}
