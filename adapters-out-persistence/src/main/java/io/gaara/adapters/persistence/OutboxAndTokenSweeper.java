package io.gaara.adapters.persistence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the email flows leave behind, now and then: outbox messages finished (sent or failed) more than
 * {@link #OUTBOX_RETENTION} ago, and one-time tokens past their expiry. As with the attempt counters' sweeper, every
 * instance runs one; sweeps are idempotent and skip rows another sweeper holds, and a failed sweep is logged and tried
 * again next time, the other table's sweep going ahead regardless.
 */
final class OutboxAndTokenSweeper implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMinutes(10);
    /** How long a finished message stays visible (its counts, its last error) before it is deleted. */
    static final Duration OUTBOX_RETENTION = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(OutboxAndTokenSweeper.class);

    private final ToIntFunction<Instant> outbox;
    private final ToIntFunction<Instant> tokens;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    OutboxAndTokenSweeper(JdbiEmailOutbox outbox, JdbiOneTimeTokens tokens, Clock clock) {
        this(outbox::sweep, tokens::sweep, clock);
    }

    /**
     * @param outbox deletes the messages finished before the instant it is given
     * @param tokens deletes the tokens expired at the instant it is given
     */
    OutboxAndTokenSweeper(ToIntFunction<Instant> outbox, ToIntFunction<Instant> tokens, Clock clock) {
        this.outbox = outbox;
        this.tokens = tokens;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "gaara-outbox-token-sweeper");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sweeps every {@code interval}, the first time one interval from now. */
    OutboxAndTokenSweeper start(Duration interval) {
        scheduler.scheduleWithFixedDelay(
                this::sweepOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    void sweepOnce() {
        Instant now = clock.instant();
        sweep("finished outbox messages", outbox, now.minus(OUTBOX_RETENTION));
        sweep("expired one-time tokens", tokens, now);
    }

    private static void sweep(String what, ToIntFunction<Instant> sweep, Instant at) {
        try {
            int swept = sweep.applyAsInt(at);
            LOG.debug("swept {} {}", swept, what);
        } catch (RuntimeException e) {
            LOG.warn(
                    "sweeping {} failed ({}); trying again later",
                    what,
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
