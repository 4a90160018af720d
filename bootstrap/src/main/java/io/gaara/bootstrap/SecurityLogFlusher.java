package io.gaara.bootstrap;

import io.gaara.application.port.out.persistence.FailedTokenUseCounts;
import io.gaara.application.service.SecurityLogAggregator;
import io.gaara.bootstrap.config.Settings.SecurityLogSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security log's schedule: the aggregator the use cases count into, written to the database every flush interval on
 * a daemon thread of its own and once more at shutdown, after the HTTP server has drained. What a flush reports becomes
 * log lines: an address over the alert threshold (one WARN each), counts that could not be written (one WARN when it
 * starts failing, one INFO when it recovers; the counts wait in memory), failures dropped for want of room. Addresses
 * in these lines are {@code ClientInfo}'s, already stripped of control characters; no token ever reaches this class.
 */
final class SecurityLogFlusher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SecurityLogFlusher.class);

    private final SecurityLogAggregator aggregator;
    private final ScheduledExecutorService worker;
    private String lastFailure;

    private SecurityLogFlusher(SecurityLogAggregator aggregator) {
        this.aggregator = aggregator;
        this.worker = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "gaara-security-log");
            thread.setDaemon(true);
            return thread;
        });
    }

    static SecurityLogFlusher start(SecurityLogSettings settings, FailedTokenUseCounts counts, Clock clock) {
        SecurityLogFlusher flusher =
                new SecurityLogFlusher(new SecurityLogAggregator(counts, settings.limits(), clock));
        Duration every = settings.flushInterval();
        flusher.worker.scheduleWithFixedDelay(
                flusher::flush, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        log.info(
                "security log: failed token uses counted per minute, address and kind, written every {} "
                        + "(at most {} counts held, warning from {} per address and minute)",
                every,
                settings.limits().maxAddresses(),
                settings.limits().alertThreshold());
        return flusher;
    }

    /** What the use cases write to. */
    SecurityLogAggregator log() {
        return aggregator;
    }

    private void flush() {
        try {
            report(aggregator.flush());
        } catch (RuntimeException e) {
            // never let an exception end the schedule
            log.warn("security log: flush failed ({})", e.getClass().getSimpleName());
        }
    }

    private void report(SecurityLogAggregator.Flush flush) {
        for (SecurityLogAggregator.Alert alert : flush.alerts()) {
            log.warn(
                    "security log: {} or more {} from {} within the minute {}",
                    alert.threshold(),
                    alert.kind().code(),
                    alert.clientIp(),
                    alert.minute());
        }
        if (flush.alertsSuppressed() > 0) {
            log.warn("security log: {} more address(es) over the threshold", flush.alertsSuppressed());
        }
        if (flush.dropped() > 0) {
            log.warn(
                    "security log: {} failed token use(s) not counted: the counts held in memory are at their bound",
                    flush.dropped());
        }
        if (flush.failure() != null) {
            if (!flush.failure().equals(lastFailure)) {
                log.warn(
                        "security log: cannot write the counts ({}); {} kept in memory for the next try",
                        flush.failure(),
                        flush.pending());
                lastFailure = flush.failure();
            }
        } else if (lastFailure != null) {
            log.info("security log: counts written again ({} failed token uses)", flush.failures());
            lastFailure = null;
        }
    }

    /** Stops the schedule and writes what is left; call once no request can count any more. */
    @Override
    public void close() {
        Workers.stop(worker);
        SecurityLogAggregator.Flush last = aggregator.flush();
        report(last);
        log.info("security log: stopped ({} failed token uses written at shutdown)", last.failures());
    }
}
