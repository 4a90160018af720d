package io.gaara.adapters.secrets.audit;

import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database side of the secrets audit, written asynchronously: {@link #record} only queues the event, and a writer
 * thread of its own stores it once a trail is {@linkplain #attach attached}.
 *
 * <p>A secret read must never wait for the database. The first secrets are read before the database exists (its own
 * credentials are one of them), and later the pool itself reads the {@code DATABASE_URL} secret while it creates a
 * connection (after a password rotation): written synchronously, that read's audit row asked the same empty pool for a
 * connection and waited out the pool timeout, once per event, while every request was answered 503. A dedicated
 * connection would not do either: it needs the very credentials being re-read, and a black-holed database would still
 * hold the read for a socket timeout.
 *
 * <p>What is kept: at most {@code capacity} events wait; while the database is unavailable
 * ({@link TemporarilyUnavailableException}) the writer retries the oldest with backoff ({@value #MIN_RETRY_MILLIS} ms
 * up to {@value #MAX_RETRY_MILLIS} ms), so nothing within the bound is lost, and the rows are written in order once it
 * is back. What is lost, each counted and logged: past the bound the oldest queued event is dropped
 * ({@link #dropped()}); an event refused {@value #ATTEMPTS} times for another reason is given up ({@link #failed()});
 * events still queued {@value #FLUSH_ON_DETACH_MILLIS} ms into {@link #detach()} are abandoned. In every case only the
 * database row is missing: the structured log line ({@link LoggingSecretAuditTrail}) was written when the secret was
 * read.
 */
public final class DeferredSecretAuditTrail implements SecretAuditTrail {
    private static final Logger log = LoggerFactory.getLogger(DeferredSecretAuditTrail.class);
    static final long MIN_RETRY_MILLIS = 100;
    static final long MAX_RETRY_MILLIS = 5_000;
    static final int ATTEMPTS = 3;
    static final long FLUSH_ON_DETACH_MILLIS = 2_000;
    private static final long OVERFLOW_WARNING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final int capacity;
    // all guarded by this
    private final Deque<SecretAccessEvent> pending = new ArrayDeque<>();
    private SecretAccessEvent inFlight;
    private SecretAuditTrail target;
    private Thread writer;
    private boolean detached;
    private long dropped;
    private long failed;
    private long written;
    private long lastOverflowWarning;
    private boolean overflowWarned;

    public DeferredSecretAuditTrail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Queues the event and returns at once; never blocks on, nor fails because of, the database. */
    @Override
    public void record(SecretAccessEvent event) {
        Objects.requireNonNull(event, "event");
        long droppedSoFar = 0;
        synchronized (this) {
            if (detached) {
                // the database is closing: the log line stands
                return;
            }
            if (pending.size() >= capacity) {
                pending.removeFirst();
                dropped++;
                long now = System.nanoTime();
                if (!overflowWarned || now - lastOverflowWarning >= OVERFLOW_WARNING_EVERY_NANOS) {
                    overflowWarned = true;
                    lastOverflowWarning = now;
                    droppedSoFar = dropped;
                }
            }
            pending.addLast(event);
            notifyAll();
        }
        if (droppedSoFar > 0) {
            log.warn(
                    "secret audit queue full ({} events waiting for the database): dropped the oldest, {} dropped so "
                            + "far; their log lines stand, their database rows are lost",
                    capacity,
                    droppedSoFar);
        }
    }

    /** From now on events are written to {@code trail}, by a thread of this trail's own; those held so far first. */
    public void attach(SecretAuditTrail trail) {
        Objects.requireNonNull(trail, "trail");
        synchronized (this) {
            if (target != null) {
                throw new IllegalStateException("already attached");
            }
            if (detached) {
                return;
            }
            target = trail;
            writer = new Thread(this::drain, "gaara-secret-audit-writer");
            writer.setDaemon(true);
            writer.start();
            notifyAll();
        }
    }

    /**
     * Stops writing to the database (it is closing): what is queued gets up to {@value #FLUSH_ON_DETACH_MILLIS} ms to
     * be written, the rest is logged as lost, and later events only reach the log.
     */
    public void detach() {
        Thread w;
        synchronized (this) {
            detached = true;
            w = writer;
            notifyAll();
        }
        if (w != null) {
            try {
                w.join(FLUSH_ON_DETACH_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int abandoned;
        synchronized (this) {
            abandoned = pending.size() + (inFlight == null ? 0 : 1);
            pending.clear();
            target = null;
            notifyAll();
        }
        if (abandoned > 0) {
            log.warn(
                    "{} secret access events were not stored in the database before it closed (the log has them)",
                    abandoned);
        }
    }

    /** Events dropped because the queue was full, since start. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Events given up after {@value #ATTEMPTS} refusals that were not an outage, since start. */
    public synchronized long failed() {
        return failed;
    }

    /** Events stored, since start. */
    public synchronized long written() {
        return written;
    }

    /** Events waiting to be stored, the one being written included. */
    public synchronized int pending() {
        return pending.size() + (inFlight == null ? 0 : 1);
    }

    /** The writer: oldest first; an outage keeps the event and retries it, the order of the rows stays. */
    private void drain() {
        long retryMillis = MIN_RETRY_MILLIS;
        int attempts = 0;
        boolean outage = false;
        while (true) {
            SecretAccessEvent event;
            SecretAuditTrail trail;
            synchronized (this) {
                if (inFlight == null) {
                    while (pending.isEmpty() && !detached) {
                        if (!waitQuietly(0)) {
                            return;
                        }
                    }
                    if (pending.isEmpty() || target == null) {
                        return;
                    }
                    inFlight = pending.removeFirst();
                    attempts = 0;
                }
                if (target == null) {
                    return;
                }
                event = inFlight;
                trail = target;
            }
            boolean done;
            try {
                trail.record(event);
                done = true;
                synchronized (this) {
                    written++;
                }
                if (outage) {
                    outage = false;
                    log.info("secret access events are stored again; writing the {} queued", pending());
                }
                retryMillis = MIN_RETRY_MILLIS;
            } catch (TemporarilyUnavailableException e) {
                done = false;
                if (!outage) {
                    outage = true;
                    log.warn(
                            "the database cannot store secret access events now; retrying, {} queued "
                                    + "(their log lines stand)",
                            pending());
                }
            } catch (RuntimeException e) {
                attempts++;
                done = attempts >= ATTEMPTS;
                if (done) {
                    synchronized (this) {
                        failed++;
                    }
                    log.warn(
                            "gave up storing a secret access event for {} after {} attempts ({}); the log line stands",
                            event.name(),
                            attempts,
                            e.getClass().getSimpleName());
                }
            }
            synchronized (this) {
                if (done) {
                    inFlight = null;
                    continue;
                }
                // detach waits for the flush, not for a database that is down
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryMillis);
                while (!detached) {
                    long left = until - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    if (!waitQuietly(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)))) {
                        return;
                    }
                }
                if (detached) {
                    return;
                }
            }
            retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
        }
    }

    /** Waits on this trail's monitor (held by the caller); false when interrupted. */
    private boolean waitQuietly(long millis) {
        try {
            wait(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
