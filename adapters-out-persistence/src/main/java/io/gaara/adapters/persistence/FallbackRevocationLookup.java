package io.gaara.adapters.persistence;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.domain.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a session was revoked, asked of {@code sessions.revoked_at} while the listener cannot vouch for memory. Fails
 * closed: a session the database cannot vouch for within {@link #TIMEOUT} is never taken as live; the request is
 * answered as the outage it is ({@link TemporarilyUnavailableException}, 503 and retry), not as a dead token, which
 * would make clients throw their sessions away during a database blip. Each answer, "cannot tell" included, stands for
 * {@link #MEMO} per session, so a flood of requests asks the database about once per window.
 */
final class FallbackRevocationLookup implements AutoCloseable {
    // one logger for the whole revocation mechanism, as before it was split into classes
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSessionRevocations.class);
    /** How long a database answer stands in for the listener, per session. */
    static final Duration MEMO = Duration.ofMillis(250);

    private static final int MEMO_SESSIONS = 10_000;
    /** A request waits at most this long for the database before its token is refused. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    private static final int THREADS = 2;
    private static final int QUEUE = 64;
    private static final Duration REFUSAL_WARNING_EVERY = Duration.ofSeconds(5);

    private final Jdbi jdbi;
    private final RevokedSessions revoked;
    private final ThreadPoolExecutor lookups;
    private final AsyncCache<SessionId, Answer> lookedUp;

    /** What the database said about one session; {@code UNKNOWN} when it could not say in time. */
    private enum Answer {
        REVOKED,
        NOT_REVOKED,
        UNKNOWN
    }

    private final AtomicLong lastRefusalWarning = new AtomicLong(System.nanoTime() - REFUSAL_WARNING_EVERY.toNanos());

    FallbackRevocationLookup(Jdbi jdbi, RevokedSessions revoked) {
        this.jdbi = jdbi;
        this.revoked = revoked;
        // few threads and a short queue: while the database is down, a flood of requests is refused, not queued
        this.lookups = new ThreadPoolExecutor(
                THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "gaara-revocation-lookup");
                    t.setDaemon(true);
                    return t;
                });
        // a pending lookup is shared by every caller asking about that session
        this.lookedUp = Caffeine.newBuilder()
                .expireAfterWrite(MEMO)
                .maximumSize(MEMO_SESSIONS)
                .buildAsync();
    }

    /**
     * @throws TemporarilyUnavailableException when the database cannot vouch for the session in time: never "live" on a
     *     guess, and never "revoked" either, which the client would take as the end of its session
     */
    boolean isRevoked(SessionId id) {
        Answer answer;
        try {
            answer = lookedUp.get(id, (sid, ignored) -> CompletableFuture.supplyAsync(() -> lookUp(sid), lookups))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = Answer.UNKNOWN;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // RuntimeException: the lookup queue is full (RejectedExecutionException)
            warnRefusal(e instanceof ExecutionException ? e.getCause() : e);
            answer = Answer.UNKNOWN;
        }
        if (answer == Answer.UNKNOWN) {
            throw new TemporarilyUnavailableException("Sessions cannot be checked right now; retry shortly.");
        }
        return answer == Answer.REVOKED;
    }

    /** The listener is live again: its memory is fresher than any memoised answer. */
    void forgetAnswers() {
        lookedUp.synchronous().invalidateAll();
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }

    /** Once per interval at most: during an outage every request would otherwise log. */
    private void warnRefusal(Throwable cause) {
        long now = System.nanoTime();
        long last = lastRefusalWarning.get();
        if (now - last >= REFUSAL_WARNING_EVERY.toNanos() && lastRefusalWarning.compareAndSet(last, now)) {
            LOG.warn(
                    "the database cannot say whether sessions were revoked; answering their requests 503 ({})",
                    cause == null ? "unknown" : cause.getClass().getSimpleName());
        }
    }

    /** "Cannot tell" because the database failed is memoised like an answer: a flood then asks once per window. */
    private Answer lookUp(SessionId id) {
        Optional<Instant> revokedAt;
        try {
            // through the database's circuit breaker: while it is open, "cannot tell" comes at once
            revokedAt = new OutageTranslatingJdbi(jdbi)
                    .withHandle(h -> h.createQuery(
                                    "SELECT revoked_at FROM sessions WHERE id = :id AND revoked_at IS NOT NULL")
                            .setQueryTimeout((int) TIMEOUT.toSeconds() + 1)
                            .bind("id", id)
                            .mapTo(Instant.class)
                            .findOne());
        } catch (RuntimeException e) {
            warnRefusal(e);
            return Answer.UNKNOWN;
        }
        // remembered, it stays refused once the listener is back, without another query
        revokedAt.ifPresent(at -> revoked.remember(id, at));
        return revoked.contains(id) ? Answer.REVOKED : Answer.NOT_REVOKED;
    }
}
