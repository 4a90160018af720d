package io.gaara.adapters.persistence;

import io.gaara.application.port.out.persistence.AttemptCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired attempt counters now and then. Every instance runs one; sweeps are idempotent and skip rows another
 * sweeper holds, so they never need to agree on who sweeps. A failed sweep is logged and tried again next time.
 */
final class AttemptCounterSweeper implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(AttemptCounterSweeper.class);

    private final AttemptCounters counters;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    AttemptCounterSweeper(AttemptCounters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "gaara-attempt-sweeper");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sweeps every {@code interval}, the first time one interval from now. */
    AttemptCounterSweeper start(Duration interval) {
        scheduler.scheduleWithFixedDelay(
                this::sweepOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    void sweepOnce() {
        try {
            int swept = counters.sweep(clock.instant());
            LOG.debug("swept {} expired attempt counters", swept);
        } catch (RuntimeException e) {
            LOG.warn(
                    "sweeping expired attempt counters failed ({}); trying again later",
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
