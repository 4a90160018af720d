package io.gaara.adapters.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.gaara.application.port.out.SessionRevocations;
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
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 */
final class PostgresSessionRevocations implements SessionRevocations, AutoCloseable {
    static final String CHANNEL = "gaara_session_revoked";
    /** Instances' clocks and token verifiers may disagree by this much. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSessionRevocations.class);
    private static final int POLL_MILLIS = 250;
    private static final Duration HEALTH_CHECK_EVERY = Duration.ofSeconds(10);
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
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean listening;
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
        Instant at = revoked.getIfPresent(id);
        // the clock check makes the rule exact; the cache's own expiry only frees the memory
        return at != null && clock.instant().isBefore(at.plus(retention));
    }

    /** Whether the listener is connected: while it is not, revocations made elsewhere go unseen. */
    boolean isListening() {
        return listening;
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
            connection.setAutoCommit(true);
            try (Statement listen = connection.createStatement()) {
                listen.execute("LISTEN " + CHANNEL);
            }
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
            listening = true;
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private void pump(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long lastCheck = System.nanoTime();
        while (!stopped()) {
            // blocks until a notification arrives or the timeout passes
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications != null) {
                for (PGNotification n : notifications) {
                    accept(n);
                }
            }
            if (System.nanoTime() - lastCheck > HEALTH_CHECK_EVERY.toNanos()) {
                // a silently dropped TCP connection delivers nothing and raises nothing: ask
                if (!connection.isValid(5)) {
                    throw new SQLException("listener connection is no longer valid", "08006");
                }
                lastCheck = System.nanoTime();
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
