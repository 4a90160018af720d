package io.gaara.adapters.persistence;

import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.domain.SessionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ended sessions, known to every instance within about a second, answered from memory.
 *
 * <p>{@link #announce} sends {@code pg_notify} on the caller's transaction, so PostgreSQL delivers it only if that
 * transaction commits. Each instance keeps a {@link RevocationListener} on the channel, which feeds
 * {@link RevokedSessions} and resyncs after every reconnect.
 *
 * <p>Memory is only trusted while the listener is confirmed live: a heartbeat notification it sent itself, from another
 * connection, came back within {@value RevocationListener#STALE_AFTER_MILLIS} ms, on the backend that ran
 * {@code LISTEN}. While it is not (disconnected, deaf behind a transaction pooler, its thread restarting),
 * {@link #isRevoked} fails closed through {@link FallbackRevocationLookup}: it asks {@code sessions.revoked_at},
 * memoised briefly per session, and answers "unavailable" (503, retry) when the database cannot answer in time.
 */
final class PostgresSessionRevocations implements SessionRevocations, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSessionRevocations.class);

    private final Jdbi jdbi;
    private final RevokedSessions revoked;
    private final RevocationListener listener;
    private final FallbackRevocationLookup fallback;
    private final AtomicBoolean failingClosed = new AtomicBoolean();

    PostgresSessionRevocations(Jdbi jdbi, ListenerConnections connections, Duration accessTokenLifetime, Clock clock) {
        this(jdbi, connections, accessTokenLifetime, clock, RevokedSessions.DEFAULT_CAPACITY);
    }

    PostgresSessionRevocations(
            Jdbi jdbi, ListenerConnections connections, Duration accessTokenLifetime, Clock clock, long capacity) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        Objects.requireNonNull(clock, "clock");
        this.revoked = new RevokedSessions(accessTokenLifetime, clock, capacity);
        this.listener = new RevocationListener(connections, revoked);
        this.fallback = new FallbackRevocationLookup(jdbi, revoked);
    }

    /** Connects, listens and loads recent revocations before returning, so the first request is already covered. */
    void start() {
        listener.start();
    }

    @Override
    public void announce(SessionId id, Instant revokedAt) {
        jdbi.useHandle(h -> {
            h.createQuery("SELECT pg_notify(:channel, :id)")
                    .bind("channel", RevocationListener.CHANNEL)
                    .bind("id", id.toString())
                    .mapTo(String.class)
                    .one();
            if (h.isInTransaction()) {
                // a rolled-back logout ended nothing, not even here
                h.afterCommit(() -> revoked.remember(id, revokedAt));
            } else {
                revoked.remember(id, revokedAt);
            }
        });
    }

    @Override
    public boolean isRevoked(SessionId id) {
        if (revoked.contains(id)) {
            return true;
        }
        if (confirmedLive() && revoked.complete()) {
            return false;
        }
        // the feed is not confirmed, or the set had to drop entries for room: the database decides
        return fallback.isRevoked(id);
    }

    /**
     * Whether the listener's last heartbeat came back recently: while it has not, revocations made elsewhere may go
     * unseen, {@link #isRevoked} asks the database and the instance is not ready.
     */
    boolean isListening() {
        return confirmedLive();
    }

    /** Revoked sessions evicted from memory for room (each then checked against the database), since start. */
    long evictions() {
        return revoked.evictions();
    }

    /** The backend process id of the listener connection, for tests that cut it. */
    int listenerPid() {
        return listener.pid();
    }

    /** Listener connections given up because a heartbeat did not come back in time, since start. */
    long missedHeartbeats() {
        return listener.missedHeartbeats();
    }

    /** Listener connections given up because their backend was no longer the one that ran LISTEN, since start. */
    long backendChanges() {
        return listener.backendChanges();
    }

    /** Listener threads that died and were replaced, since start. */
    long listenerRestarts() {
        return listener.restarts();
    }

    /** How many revocation notifications the listener has taken into memory, for tests that move the clock. */
    long notificationsAccepted() {
        return listener.accepted();
    }

    @Override
    public void close() {
        listener.close();
        fallback.close();
    }

    private boolean confirmedLive() {
        boolean live = listener.confirmedLive();
        if (live == failingClosed.get()) {
            noteTransition(live);
        }
        return live;
    }

    private void noteTransition(boolean live) {
        if (!listener.stopped() && failingClosed.compareAndSet(live, !live)) {
            if (live) {
                fallback.forgetAnswers();
                LOG.info("session revocation listener confirmed live again; checking revocations from memory");
            } else {
                LOG.warn(
                        "session revocation listener unconfirmed for {} ms; "
                                + "checking revocations in the database until it is back",
                        listener.unconfirmedMillis());
            }
        }
    }
}
