package io.gaara.adapters.persistence;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.domain.SessionId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ended sessions, known to every instance within about a second, answered from memory.
 *
 * <p>{@link #announce} sends {@code pg_notify} on the caller's transaction, so PostgreSQL delivers
 * it only if that transaction commits. Each instance keeps one dedicated connection listening on
 * the channel and, on every (re)connect, reloads the sessions revoked in the last access-token
 * lifetime, so a notification sent while it was disconnected is not lost. An entry is forgotten
 * once every access token of its session has expired, which bounds memory.
 *
 * <p>Memory is only trusted while the listener is confirmed live: a heartbeat on its connection
 * every {@value #HEARTBEAT_MILLIS} ms, because a silently dropped TCP connection delivers nothing
 * and raises nothing. When no heartbeat has been answered for {@value #STALE_AFTER_MILLIS} ms,
 * {@link #isRevoked} fails closed: it asks {@code sessions.revoked_at}, memoised briefly per
 * session, and refuses when the database cannot answer in time.
 */
final class PostgresSessionRevocations implements SessionRevocations, AutoCloseable {
    static final String CHANNEL = "gaara_session_revoked";
    /** Instances' clocks and token verifiers may disagree by this much. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSessionRevocations.class);
    static final long HEARTBEAT_MILLIS = 250;
    /** Memory is trusted this long after the start of the last answered heartbeat: well inside the one-second promise. */
    static final long STALE_AFTER_MILLIS = 750;
    /** A heartbeat unanswered this long means the connection is gone: reconnect. Staleness is declared sooner. */
    private static final int HEARTBEAT_TIMEOUT_MILLIS = 2_000;
    /** LISTEN and the resync query, on a fresh connection. */
    private static final int RESYNC_TIMEOUT_MILLIS = 10_000;
    /** How long a database answer stands in for the listener, per session. */
    static final Duration FALLBACK_MEMO = Duration.ofMillis(250);
    private static final int FALLBACK_MEMO_SESSIONS = 10_000;
    /** A request waits at most this long for the database before its token is refused. */
    static final Duration FALLBACK_TIMEOUT = Duration.ofSeconds(1);
    private static final int FALLBACK_THREADS = 2;
    private static final int FALLBACK_QUEUE = 64;
    private static final Duration REFUSAL_WARNING_EVERY = Duration.ofSeconds(5);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /** Opens the listener's own connection, outside the pool: it is held for the life of the process. */
    @FunctionalInterface
    interface ListenerConnections {
        Connection open() throws SQLException;
    }

    private final Jdbi jdbi;
    private final ListenerConnections connections;
    private final Duration retention;
    private final Clock clock;
    private final Cache<SessionId, Instant> revoked;
    private final ThreadPoolExecutor lookups;
    private final AsyncCache<SessionId, Boolean> lookedUp;
    private final AtomicBoolean failingClosed = new AtomicBoolean();
    private final AtomicLong lastRefusalWarning = new AtomicLong(System.nanoTime() - REFUSAL_WARNING_EVERY.toNanos());
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean listening;
    /** {@link System#nanoTime()} at the start of the last heartbeat (or resync) the listener's connection answered. */
    private volatile long confirmedAt;
    private volatile int listenerPid;
    private Thread thread;

    PostgresSessionRevocations(Jdbi jdbi, ListenerConnections connections, Duration accessTokenLifetime, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.retention = Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime").plus(CLOCK_SKEW);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.revoked = Caffeine.newBuilder()
                .expireAfter(Expiry.<SessionId, Instant>writing((id, at) -> remaining(at)))
                .build();
        // few threads and a short queue: while the database is down, a flood of requests is refused, not queued
        this.lookups = new ThreadPoolExecutor(FALLBACK_THREADS, FALLBACK_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(FALLBACK_QUEUE), r -> {
                    Thread t = new Thread(r, "gaara-revocation-lookup");
                    t.setDaemon(true);
                    return t;
                });
        // a pending lookup is shared by every caller asking about that session
        this.lookedUp = Caffeine.newBuilder()
                .expireAfterWrite(FALLBACK_MEMO)
                .maximumSize(FALLBACK_MEMO_SESSIONS)
                .buildAsync();
    }

    /** Connects, listens and loads recent revocations before returning, so the first request is already covered. */
    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        Connection first;
        try {
            first = connectAndResync();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot listen for session revocations (SQLState " + e.getSQLState() + ")", e);
        }
        thread = new Thread(() -> run(first), "gaara-revocation-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void announce(SessionId id, Instant revokedAt) {
        jdbi.useHandle(h -> {
            h.createQuery("SELECT pg_notify(:channel, :id)")
                    .bind("channel", CHANNEL)
                    .bind("id", id.toString())
                    .mapTo(String.class)
                    .one();
            if (h.isInTransaction()) {
                // a rolled-back logout ended nothing, not even here
                h.afterCommit(() -> remember(id, revokedAt));
            } else {
                remember(id, revokedAt);
            }
        });
    }

    @Override
    public boolean isRevoked(SessionId id) {
        if (remembered(id)) {
            return true;
        }
        if (confirmedLive()) {
            return false;
        }
        return revokedInDatabase(id);
    }

    /**
     * Whether the listener is connected and answered a heartbeat recently: while it is not,
     * revocations made elsewhere may go unseen, and {@link #isRevoked} asks the database.
     */
    boolean isListening() {
        return confirmedLive();
    }

    /** The backend process id of the listener connection, for tests that cut it. */
    int listenerPid() {
        return listenerPid;
    }

    @Override
    public void close() {
        stopping.countDown();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        listening = false;
        lookups.shutdownNow();
    }

    private boolean remembered(SessionId id) {
        Instant at = revoked.getIfPresent(id);
        // the clock check makes the rule exact; the cache's own expiry only frees the memory
        return at != null && clock.instant().isBefore(at.plus(retention));
    }

    private boolean confirmedLive() {
        boolean live = listening && System.nanoTime() - confirmedAt < TimeUnit.MILLISECONDS.toNanos(STALE_AFTER_MILLIS);
        if (live == failingClosed.get()) {
            noteTransition(live);
        }
        return live;
    }

    private void noteTransition(boolean live) {
        if (!stopped() && failingClosed.compareAndSet(live, !live)) {
            if (live) {
                lookedUp.synchronous().invalidateAll();
                LOG.info("session revocation listener confirmed live again; checking revocations from memory");
            } else {
                long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - confirmedAt);
                LOG.warn("session revocation listener unconfirmed for {} ms; checking revocations in the database until it is back",
                        silentMillis);
            }
        }
    }

    /** Fails closed: a session the database cannot vouch for in time is treated as revoked. */
    private boolean revokedInDatabase(SessionId id) {
        try {
            CompletableFuture<Boolean> answer = lookedUp.get(id, (sid, ignored) ->
                    CompletableFuture.supplyAsync(() -> lookUp(sid), lookups));
            return answer.get(FALLBACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // RuntimeException: the lookup queue is full (RejectedExecutionException)
            warnRefusal(e instanceof ExecutionException ? e.getCause() : e);
            return true;
        }
    }

    /** Once per interval at most: during an outage every request would otherwise log. */
    private void warnRefusal(Throwable cause) {
        long now = System.nanoTime();
        long last = lastRefusalWarning.get();
        if (now - last >= REFUSAL_WARNING_EVERY.toNanos() && lastRefusalWarning.compareAndSet(last, now)) {
            LOG.warn("the database cannot say whether sessions were revoked; refusing their access tokens ({})",
                    cause == null ? "unknown" : cause.getClass().getSimpleName());
        }
    }

    /** A refusal because the database failed is memoised like an answer: a flood then asks once per window. */
    private boolean lookUp(SessionId id) {
        Optional<Instant> revokedAt;
        try {
            revokedAt = jdbi.withHandle(h -> h.createQuery(
                            "SELECT revoked_at FROM sessions WHERE id = :id AND revoked_at IS NOT NULL")
                    .setQueryTimeout((int) FALLBACK_TIMEOUT.toSeconds() + 1)
                    .bind("id", id.value())
                    .map((rs, ctx) -> Timestamps.fromDb(rs, "revoked_at"))
                    .findOne());
        } catch (RuntimeException e) {
            warnRefusal(e);
            return true;
        }
        // remembered, it stays refused once the listener is back, without another query
        revokedAt.ifPresent(at -> remember(id, at));
        return remembered(id);
    }

    private void remember(SessionId id, Instant revokedAt) {
        // keep the later instant: it keeps the entry longer
        revoked.asMap().merge(id, revokedAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    private Duration remaining(Instant revokedAt) {
        Duration left = Duration.between(clock.instant(), revokedAt.plus(retention));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
    }

    private void run(Connection first) {
        Connection connection = first;
        Duration backoff = MIN_BACKOFF;
        while (!stopped()) {
            try {
                if (connection == null) {
                    connection = connectAndResync();
                    LOG.info("session revocation listener reconnected");
                    backoff = MIN_BACKOFF;
                }
                pump(connection);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (stopped()) {
                    break;
                }
                LOG.warn("session revocation listener lost its database connection; retrying in {} ms ({}: SQLState {})",
                        backoff.toMillis(), e.getClass().getSimpleName(),
                        e instanceof SQLException sql ? sql.getSQLState() : "none");
                closeQuietly(connection);
                connection = null;
                try {
                    if (stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        listening = false;
        closeQuietly(connection);
    }

    /** LISTEN first, then load: a revocation committed in between is seen twice rather than never. */
    private Connection connectAndResync() throws SQLException {
        Connection connection = connections.open();
        try {
            // without a socket timeout, a server that stops answering would hold this thread forever
            connection.setNetworkTimeout(Runnable::run, RESYNC_TIMEOUT_MILLIS);
            connection.setAutoCommit(true);
            try (Statement listen = connection.createStatement()) {
                listen.execute("LISTEN " + CHANNEL);
            }
            // listening now: a revocation committed before this instant is in the snapshot below, a later one is notified
            long resyncStartedAt = System.nanoTime();
            try (Statement pid = connection.createStatement(); ResultSet rs = pid.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                listenerPid = rs.getInt(1);
            }
            try (PreparedStatement recent = connection.prepareStatement(
                    "SELECT id, revoked_at FROM sessions WHERE revoked_at > ?")) {
                recent.setObject(1, Timestamps.toDb(clock.instant().minus(retention)));
                try (ResultSet rs = recent.executeQuery()) {
                    while (rs.next()) {
                        remember(new SessionId(rs.getObject("id", UUID.class)), Timestamps.fromDb(rs, "revoked_at"));
                    }
                }
            }
            connection.setNetworkTimeout(Runnable::run, HEARTBEAT_TIMEOUT_MILLIS);
            confirmedAt = resyncStartedAt;
            listening = true;
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private void pump(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long heartbeatDue = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
        try (Statement heartbeat = connection.createStatement()) {
            while (!stopped()) {
                long waitMillis = TimeUnit.NANOSECONDS.toMillis(heartbeatDue - System.nanoTime());
                if (waitMillis > 0) {
                    // blocks until a notification arrives or the timeout passes; 0 would block forever
                    acceptAll(pg.getNotifications((int) waitMillis));
                    continue;
                }
                // a silently dropped TCP connection delivers nothing and raises nothing: ask, and
                // time out after HEARTBEAT_TIMEOUT_MILLIS (the socket timeout); staleness shows sooner
                long sentAt = System.nanoTime();
                heartbeat.execute("SELECT 1");
                // notifications sent before the answer have arrived with it: take them before vouching
                acceptAll(pg.getNotifications());
                confirmedAt = sentAt;
                heartbeatDue = sentAt + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
            }
        }
    }

    private void acceptAll(PGNotification[] notifications) {
        if (notifications != null) {
            for (PGNotification n : notifications) {
                accept(n);
            }
        }
    }

    private void accept(PGNotification notification) {
        if (!CHANNEL.equals(notification.getName())) {
            return;
        }
        try {
            remember(SessionId.parse(notification.getParameter()), clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("ignored a malformed session revocation notification");
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being discarded anyway
            }
        }
    }
}
