package io.gaara.adapters.persistence;

import io.gaara.domain.SessionId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dedicated connection LISTENing on {@link #CHANNEL}, feeding {@link RevokedSessions}. On every (re)connect it
 * reloads the sessions revoked within the retention, so a notification sent while it was disconnected is not lost; a
 * lost connection is retried with backoff.
 *
 * <p>A silently dropped TCP connection delivers nothing and raises nothing, so the connection is asked a heartbeat
 * every {@value #HEARTBEAT_MILLIS} ms, and the listener only counts as {@linkplain #confirmedLive() live} for
 * {@value #STALE_AFTER_MILLIS} ms after the last answer.
 */
final class RevocationListener implements AutoCloseable {
    static final String CHANNEL = "gaara_session_revoked";
    // one logger for the whole revocation mechanism, as before it was split into classes
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSessionRevocations.class);
    static final long HEARTBEAT_MILLIS = 250;
    /**
     * Memory is trusted this long after the start of the last answered heartbeat: well inside the one-second promise.
     */
    static final long STALE_AFTER_MILLIS = 750;
    /** A heartbeat unanswered this long means the connection is gone: reconnect. Staleness is declared sooner. */
    private static final int HEARTBEAT_TIMEOUT_MILLIS = 2_000;
    /** LISTEN and the resync query, on a fresh connection. */
    private static final int RESYNC_TIMEOUT_MILLIS = 10_000;

    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final ListenerConnections connections;
    private final RevokedSessions revoked;
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** Revocation notifications taken into memory so far. */
    private final AtomicLong accepted = new AtomicLong();

    private volatile boolean listening;
    /** {@link System#nanoTime()} at the start of the last heartbeat (or resync) the listener's connection answered. */
    private volatile long confirmedAt;

    private volatile int pid;
    private Thread thread;

    RevocationListener(ListenerConnections connections, RevokedSessions revoked) {
        this.connections = connections;
        this.revoked = revoked;
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
            throw new IllegalStateException(
                    "cannot listen for session revocations (SQLState " + e.getSQLState() + ")", e);
        }
        thread = new Thread(() -> run(first), "gaara-revocation-listener");
        thread.setDaemon(true);
        thread.start();
    }

    /** Connected, and a heartbeat was answered recently: a revocation made elsewhere has reached memory. */
    boolean confirmedLive() {
        return listening && System.nanoTime() - confirmedAt < TimeUnit.MILLISECONDS.toNanos(STALE_AFTER_MILLIS);
    }

    /** How long since the connection last answered. */
    long unconfirmedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - confirmedAt);
    }

    /** The backend process id of the listener connection, for tests that cut it. */
    int pid() {
        return pid;
    }

    /**
     * How many revocation notifications have reached memory, for tests that move the clock: an arrival is stamped on
     * that clock, so such a test waits for it before moving the clock.
     */
    long accepted() {
        return accepted.get();
    }

    boolean stopped() {
        return stopping.getCount() == 0;
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
            } catch (SQLException | RuntimeException | Error e) {
                // any Throwable, Errors included: a dead listener thread would leave this instance on the database
                // fallback for good; it reconnects instead, after the backoff
                listening = false;
                if (stopped()) {
                    break;
                }
                LOG.warn(
                        "session revocation listener lost its database connection; retrying in {} ms ({}: SQLState {})",
                        backoff.toMillis(),
                        e.getClass().getSimpleName(),
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
            // listening now: a revocation committed before this instant is in the snapshot below, a later one is
            // notified
            long resyncStartedAt = System.nanoTime();
            try (Statement pidQuery = connection.createStatement();
                    ResultSet rs = pidQuery.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            try (PreparedStatement recent =
                    connection.prepareStatement("SELECT id, revoked_at FROM sessions WHERE revoked_at > ?")) {
                recent.setObject(1, Timestamps.toDb(revoked.oldestKept()));
                try (ResultSet rs = recent.executeQuery()) {
                    while (rs.next()) {
                        revoked.remember(
                                new SessionId(rs.getObject("id", UUID.class)), Timestamps.fromDb(rs, "revoked_at"));
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
            revoked.rememberNow(SessionId.parse(notification.getParameter()));
            accepted.incrementAndGet();
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
