package io.gaara.adapters.persistence;

import io.gaara.domain.SessionId;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
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
 * <p>An answered query does not prove that notifications arrive: behind a pooler in transaction mode the queries are
 * answered by whichever server connection is free, while the one that ran {@code LISTEN} sits in the pool and the
 * pooler drops what PostgreSQL sends it. So every {@value #HEARTBEAT_MILLIS} ms the listener sends a numbered
 * {@code NOTIFY} on a channel of its own from a second connection (never the listening one: through a transaction
 * pooler a notification sent on the listening connection may run on the listening server connection and be handed
 * straight back, proving nothing), and asks the listening connection its {@code pg_backend_pid()}, which must be the
 * one that ran {@code LISTEN}. PostgreSQL delivers notifications in commit order, so when a heartbeat comes back every
 * revocation committed before it was sent has arrived: the listener counts as {@linkplain #confirmedLive() live} for
 * {@value #STALE_AFTER_MILLIS} ms after sending the last heartbeat that came back. A heartbeat missing for
 * {@value #HEARTBEAT_TIMEOUT_MILLIS} ms, or a changed backend, makes it deaf: it reconnects and listens again, and its
 * backoff only resets once a heartbeat comes back on the new connection.
 *
 * <p>The thread is supervised: whatever ends it (any {@link Throwable}) starts a new one after a backoff, which
 * reconnects and resyncs; meanwhile the listener is not live.
 */
final class RevocationListener implements AutoCloseable {
    static final String CHANNEL = "gaara_session_revoked";
    // one logger for the whole revocation mechanism, as before it was split into classes
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSessionRevocations.class);
    static final long HEARTBEAT_MILLIS = 250;
    /**
     * Memory is trusted this long after sending the last heartbeat that came back: well inside the one-second promise.
     */
    static final long STALE_AFTER_MILLIS = 750;
    /**
     * A heartbeat not back this long means the connection is gone or deaf: reconnect. Staleness is declared sooner.
     * Also the socket timeout of both connections once they listen.
     */
    static final int HEARTBEAT_TIMEOUT_MILLIS = 2_000;
    /** LISTEN and the resync query, on a fresh connection. */
    private static final int RESYNC_TIMEOUT_MILLIS = 10_000;

    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final String THREAD_NAME = "gaara-revocation-listener";
    private static final String POOLER_HINT = "a pooler in transaction or statement mode between Gaara and PostgreSQL"
            + " delivers no notifications: connect directly or through a session-mode pool (docs/OPERATIONS.md)";

    private final ListenerConnections connections;
    private final RevokedSessions revoked;
    /** This listener's own heartbeat channel: no other instance hears its heartbeats, nor it theirs. */
    private final String heartbeatChannel;

    private final CountDownLatch stopping = new CountDownLatch(1);
    /** Counted down by the first heartbeat that comes back, so {@link #start} can wait for it. */
    private final CountDownLatch firstConfirmation = new CountDownLatch(1);
    /** Revocation notifications taken into memory so far. */
    private final AtomicLong accepted = new AtomicLong();
    /**
     * Heartbeats numbered across connections, so a late one from an earlier connection is never taken for a new one.
     */
    private final AtomicLong heartbeats = new AtomicLong();

    private final AtomicLong missedHeartbeats = new AtomicLong();
    private final AtomicLong backendChanges = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();

    private volatile boolean listening;
    /** {@link System#nanoTime()} when the last heartbeat that came back was sent. */
    private volatile long confirmedAt;

    private volatile boolean everConfirmed;
    private final long createdAt = System.nanoTime();

    private volatile int pid;
    private volatile Thread thread;
    /** How long a dead thread's successor waits before reconnecting: doubles while threads keep dying unconfirmed. */
    private volatile Duration restartDelay = MIN_BACKOFF;

    RevocationListener(ListenerConnections connections, RevokedSessions revoked) {
        this.connections = connections;
        this.revoked = revoked;
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        this.heartbeatChannel = "gaara_listener_heartbeat_" + HexFormat.of().formatHex(random);
    }

    /**
     * Connects, listens and loads recent revocations before returning, and waits up to a heartbeat timeout for the
     * first heartbeat, so the first request is normally answered from memory. A heartbeat that does not come back
     * (behind a transaction pooler) is logged, and the listener stays not live.
     *
     * @throws IllegalStateException when the database cannot be reached
     */
    void start() {
        synchronized (this) {
            if (thread != null) {
                throw new IllegalStateException("already started");
            }
            Link first;
            try {
                first = connectAndResync();
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "cannot listen for session revocations (SQLState " + e.getSQLState() + ")", e);
            }
            launch(first, Duration.ZERO);
        }
        try {
            if (!firstConfirmation.await(HEARTBEAT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "session revocation listener: no heartbeat came back within {} ms of listening; "
                                + "checking revocations in the database until one does ({})",
                        HEARTBEAT_TIMEOUT_MILLIS,
                        POOLER_HINT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A heartbeat sent within the last {@value #STALE_AFTER_MILLIS} ms came back: every revocation made elsewhere
     * before it was sent has reached memory. Also restarts the listener thread if it died and its successor was not
     * started (the supervisor itself failed, out of memory for instance).
     */
    boolean confirmedLive() {
        if (listening && System.nanoTime() - confirmedAt < TimeUnit.MILLISECONDS.toNanos(STALE_AFTER_MILLIS)) {
            return true;
        }
        Thread current = thread;
        if (current != null && !current.isAlive() && !stopped()) {
            restartIfCurrent(current, Duration.ZERO);
        }
        return false;
    }

    /** How long since the last heartbeat that came back was sent (since this listener was made, before the first). */
    long unconfirmedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - (everConfirmed ? confirmedAt : createdAt));
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

    /** Connections given up because a heartbeat did not come back in time, since start. */
    long missedHeartbeats() {
        return missedHeartbeats.get();
    }

    /** Connections given up because their backend process was no longer the one that ran LISTEN, since start. */
    long backendChanges() {
        return backendChanges.get();
    }

    /** Listener threads that died and were replaced, since start. */
    long restarts() {
        return restarts.get();
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

    /** Starts a listener thread on {@code first} (or on a new connection when null) after {@code delay}. */
    private synchronized void launch(Link first, Duration delay) {
        if (stopped()) {
            closeQuietly(first);
            return;
        }
        Thread t = new Thread(() -> run(first, delay), THREAD_NAME);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler(this::died);
        thread = t;
        t.start();
    }

    /** The supervisor: runs on the dying thread, whatever ended it. */
    private void died(Thread dead, Throwable cause) {
        listening = false;
        Duration delay = restartDelay;
        restartDelay = doubled(delay);
        restarts.incrementAndGet();
        try {
            LOG.error(
                    "session revocation listener thread died ({}); starting a new one in {} ms",
                    cause.getClass().getName(),
                    delay.toMillis(),
                    cause);
        } finally {
            restartIfCurrent(dead, delay);
        }
    }

    /** Replaces {@code dead} unless it was replaced already or the listener is closing. */
    private synchronized void restartIfCurrent(Thread dead, Duration delay) {
        if (thread == dead && !stopped()) {
            launch(null, delay);
        }
    }

    /**
     * Connection losses and deafness are handled here, with backoff; anything else ends the thread, and {@link #died}
     * starts a new one.
     */
    private void run(Link first, Duration delay) {
        Link link = first;
        try {
            if (!delay.isZero() && awaitStop(delay)) {
                return;
            }
            Duration backoff = MIN_BACKOFF;
            while (!stopped()) {
                try {
                    if (link == null) {
                        link = connectAndResync();
                        LOG.info("session revocation listener reconnected");
                    }
                    pump(link);
                } catch (SQLException e) {
                    listening = false;
                    if (link != null && link.confirmed) {
                        // this connection worked for a while: a fresh loss, retried quickly
                        backoff = MIN_BACKOFF;
                    }
                    closeQuietly(link);
                    link = null;
                    if (stopped()) {
                        break;
                    }
                    if (e instanceof DeafListenerException) {
                        LOG.warn("{}; reconnecting in {} ms", e.getMessage(), backoff.toMillis());
                    } else {
                        LOG.warn(
                                "session revocation listener lost its database connection; "
                                        + "retrying in {} ms (SQLState {})",
                                backoff.toMillis(),
                                e.getSQLState());
                    }
                    if (awaitStop(backoff)) {
                        break;
                    }
                    backoff = doubled(backoff);
                }
            }
        } finally {
            listening = false;
            closeQuietly(link);
        }
    }

    /** LISTEN first, then load: a revocation committed in between is seen twice rather than never. */
    private Link connectAndResync() throws SQLException {
        Connection listener = connections.open();
        Connection sender = null;
        try {
            // without a socket timeout, a server that stops answering would hold this thread forever
            listener.setNetworkTimeout(Runnable::run, RESYNC_TIMEOUT_MILLIS);
            listener.setAutoCommit(true);
            try (Statement listen = listener.createStatement()) {
                listen.execute("LISTEN " + CHANNEL);
                listen.execute("LISTEN " + heartbeatChannel);
            }
            // listening now: a revocation committed before this instant is in the snapshot below, a later one is
            // notified
            int listeningPid = backendPid(listener);
            try (PreparedStatement recent =
                    listener.prepareStatement("SELECT id, revoked_at FROM sessions WHERE revoked_at > ?")) {
                recent.setObject(1, Timestamps.toDb(revoked.oldestKept()));
                try (ResultSet rs = recent.executeQuery()) {
                    while (rs.next()) {
                        revoked.remember(
                                new SessionId(rs.getObject("id", UUID.class)), Timestamps.fromDb(rs, "revoked_at"));
                    }
                }
            }
            listener.setNetworkTimeout(Runnable::run, HEARTBEAT_TIMEOUT_MILLIS);
            sender = connections.open();
            sender.setNetworkTimeout(Runnable::run, HEARTBEAT_TIMEOUT_MILLIS);
            sender.setAutoCommit(true);
            pid = listeningPid;
            listening = true;
            return new Link(listener, sender, listeningPid);
        } catch (SQLException | RuntimeException | Error e) {
            closeQuietly(sender);
            closeQuietly(listener);
            throw e;
        }
    }

    /** Takes notifications in, and sends and checks heartbeats, until stopped or the connection fails or goes deaf. */
    private void pump(Link link) throws SQLException {
        PGConnection pg = link.listener.unwrap(PGConnection.class);
        long heartbeatDue = System.nanoTime();
        while (!stopped()) {
            long now = System.nanoTime();
            long waitMillis = TimeUnit.NANOSECONDS.toMillis(heartbeatDue - now);
            if (waitMillis > 0) {
                // blocks until a notification arrives or the timeout passes; 0 would block forever
                acceptAll(link, pg.getNotifications((int) waitMillis));
                continue;
            }
            Outstanding oldest = link.outstanding.peekFirst();
            if (oldest != null && now - oldest.sentAt > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_TIMEOUT_MILLIS)) {
                missedHeartbeats.incrementAndGet();
                throw new DeafListenerException("session revocation listener is deaf: its heartbeat notification "
                        + "did not come back within " + HEARTBEAT_TIMEOUT_MILLIS + " ms (" + POOLER_HINT + ")");
            }
            // a silently dropped TCP connection delivers nothing and raises nothing: this query times out after
            // HEARTBEAT_TIMEOUT_MILLIS (the socket timeout) instead
            int current = backendPid(link.listener);
            if (current != link.pid) {
                backendChanges.incrementAndGet();
                throw new DeafListenerException("session revocation listener is deaf: its connection is now served "
                        + "by backend " + current + ", not by backend " + link.pid + " that listens (" + POOLER_HINT
                        + ")");
            }
            long number = heartbeats.incrementAndGet();
            long sentAt = System.nanoTime();
            try (PreparedStatement notify = link.sender.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, heartbeatChannel);
                notify.setString(2, Long.toString(number));
                notify.execute();
            }
            link.outstanding.addLast(new Outstanding(number, sentAt));
            // notifications that came with the answers above
            acceptAll(link, pg.getNotifications());
            heartbeatDue = sentAt + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
        }
    }

    private void acceptAll(Link link, PGNotification[] notifications) {
        if (notifications != null) {
            for (PGNotification n : notifications) {
                accept(link, n);
            }
        }
    }

    private void accept(Link link, PGNotification notification) {
        if (heartbeatChannel.equals(notification.getName())) {
            heartbeatBack(link, notification.getParameter());
            return;
        }
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

    /** Everything committed before this heartbeat was sent has arrived: vouch from its sending on. */
    private void heartbeatBack(Link link, String payload) {
        long number;
        try {
            number = Long.parseLong(payload);
        } catch (NumberFormatException e) {
            return;
        }
        Outstanding confirmed = null;
        while (!link.outstanding.isEmpty() && link.outstanding.peekFirst().number <= number) {
            confirmed = link.outstanding.removeFirst();
        }
        if (confirmed == null || confirmed.number != number) {
            return;
        }
        confirmedAt = confirmed.sentAt;
        everConfirmed = true;
        if (!link.confirmed) {
            link.confirmed = true;
            restartDelay = MIN_BACKOFF;
            firstConfirmation.countDown();
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (Statement query = connection.createStatement();
                ResultSet rs = query.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** True when stopping: the wait ended early. */
    private boolean awaitStop(Duration wait) {
        try {
            return stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static Duration doubled(Duration backoff) {
        return backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    private static void closeQuietly(Link link) {
        if (link != null) {
            closeQuietly(link.sender);
            closeQuietly(link.listener);
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

    /** The listening connection, the one that sends its heartbeats, and the backend that ran LISTEN. */
    private static final class Link {
        final Connection listener;
        final Connection sender;
        final int pid;
        /** Heartbeats sent and not yet back, oldest first; only the listener thread touches it. */
        final Deque<Outstanding> outstanding = new ArrayDeque<>();
        /** A heartbeat came back on this connection. */
        boolean confirmed;

        Link(Connection listener, Connection sender, int pid) {
            this.listener = listener;
            this.sender = sender;
            this.pid = pid;
        }
    }

    private record Outstanding(long number, long sentAt) {}

    /** The connection answers, but notifications do not reach it: reconnect, like a lost connection. */
    private static final class DeafListenerException extends SQLException {
        private static final long serialVersionUID = 1L;

        DeafListenerException(String message) {
            super(message, "08006");
        }
    }
}
