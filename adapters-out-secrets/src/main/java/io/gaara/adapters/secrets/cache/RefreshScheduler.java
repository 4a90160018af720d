package io.gaara.adapters.secrets.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's background re-reads: when a name is due (its refresh point, drawn per entry between 75 % and 90 % of the
 * time to live so that replicas that started together do not all hit the backend at once; or its retry after backoff),
 * at most one re-read per name at a time, on a pool of two so that one slow name does not hold up the others. A sweep
 * finds the due names even when nobody reads them; a read past the refresh point starts one too. Callers keep getting
 * the cached answer while a re-read runs.
 */
final class RefreshScheduler implements AutoCloseable {
    /** The refresh point of an entry is drawn in [FROM, TO] of its time to live. */
    static final double REFRESH_AHEAD_FROM = 0.75;

    static final double REFRESH_AHEAD_TO = 0.90;

    // the cache's own logger: what operators filter on did not change when this part moved out of it
    private static final Logger log = LoggerFactory.getLogger(CachingSecretStore.class);

    private final Duration ttl;
    private final Jitter jitter;
    private final Clock clock;
    private final Collection<Slot> slots;
    private final BiConsumer<Slot, Trigger> trip;
    private final Executor refreshExecutor;
    private final ExecutorService ownedRefreshExecutor;
    private final ScheduledExecutorService sweeper;

    /**
     * Starts the sweep at once, unless {@code sweepInterval} is zero.
     *
     * @param refreshExecutor runs the re-reads and stays the caller's; null for two daemon threads owned here
     * @param slots a live view of the cache's entries, walked by each sweep
     * @param trip one trip to the backend for one slot, which records its own outcome and throws nothing it did not
     *     record
     */
    RefreshScheduler(
            Duration ttl,
            Jitter jitter,
            Clock clock,
            Executor refreshExecutor,
            Duration sweepInterval,
            Collection<Slot> slots,
            BiConsumer<Slot, Trigger> trip) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.slots = Objects.requireNonNull(slots, "slots");
        this.trip = Objects.requireNonNull(trip, "trip");
        if (refreshExecutor != null) {
            this.refreshExecutor = refreshExecutor;
            this.ownedRefreshExecutor = null;
        } else {
            // two threads: one slow name must not hold up the refresh of every other
            this.ownedRefreshExecutor = Executors.newFixedThreadPool(2, daemonThreads("gaara-secrets-refresh-"));
            this.refreshExecutor = ownedRefreshExecutor;
        }
        if (sweepInterval.isZero()) {
            this.sweeper = null;
        } else {
            this.sweeper = Executors.newSingleThreadScheduledExecutor(daemonThreads("gaara-secrets-sweep-"));
            long every = sweepInterval.toNanos();
            sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.NANOSECONDS);
        }
    }

    /** When a value fetched at {@code now} is re-read: a point drawn between 75 % and 90 % of the time to live. */
    Instant refreshPoint(Instant now) {
        double ahead = REFRESH_AHEAD_FROM + (REFRESH_AHEAD_TO - REFRESH_AHEAD_FROM) * jitter.next();
        return now.plusNanos((long) (ttl.toNanos() * ahead));
    }

    /** Starts a background re-read of {@code slot} if {@code state}, its state, is due at {@code now}. */
    void refreshIfDue(Slot slot, SlotState state, Instant now) {
        if (state.due(now)) {
            refreshInBackground(slot, state.failing() ? Trigger.RETRY : Trigger.AHEAD);
        }
    }

    /** One pass of the sweep: starts the re-reads that are due. */
    void refreshDue() {
        Instant now = clock.instant();
        for (Slot slot : slots) {
            SlotState state = slot.state;
            if (state != null) {
                refreshIfDue(slot, state, now);
            }
        }
    }

    /**
     * Stops the sweep and the pool owned here (a re-read under way on it is interrupted); a caller's executor is left
     * alone.
     */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (ownedRefreshExecutor != null) {
            ownedRefreshExecutor.shutdownNow();
        }
    }

    private void sweep() {
        try {
            refreshDue();
        } catch (RuntimeException e) {
            // an exception escaping a scheduled task would cancel every later sweep
            log.warn("secrets cache sweep failed ({})", e.getClass().getName());
        }
    }

    private void refreshInBackground(Slot slot, Trigger trigger) {
        if (!slot.refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            refreshExecutor.execute(() -> {
                try {
                    trip.accept(slot, trigger);
                } finally {
                    slot.refreshing.set(false);
                }
            });
        } catch (RejectedExecutionException closed) {
            slot.refreshing.set(false);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
