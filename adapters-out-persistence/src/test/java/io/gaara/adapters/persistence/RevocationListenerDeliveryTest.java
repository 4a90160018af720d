package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.domain.ClientInfo;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.SessionPolicy;
import io.gaara.domain.TokenId;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import io.gaara.testsupport.PgBouncer;
import io.gaara.testsupport.PgBouncer.PoolMode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's heartbeat proves that notifications arrive, not only that its connection answers: behind a real
 * PgBouncer in transaction mode (which answers every query and delivers no notification) the instance is never taken as
 * live, and a dead listener thread, whatever killed it, is replaced. Instance A is the shared persistence, connected
 * directly; each test builds an instance B.
 */
class RevocationListenerDeliveryTest {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationListenerDeliveryTest.class);
    private static final Duration WITHIN = Duration.ofSeconds(1);

    private final PostgresPersistence a = SharedEmbeddedPostgres.persistence();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private UserId owner;

    @BeforeEach
    void addOwner() {
        User user = new User(
                UserId.random(), new Email("hb-" + UUID.randomUUID() + "@example.com"), new PasswordHash("x"), now());
        a.users().add(user);
        owner = user.id();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void givenListenerBehindATransactionModePooler_whenRunning_thenNeverLiveAndItsHeartbeatIsReportedMissing()
            throws Exception {
        PgBouncer bouncer = bouncer(PoolMode.TRANSACTION);

        PostgresSessionRevocations b = instance(through(bouncer));

        // every query is answered through the pooler; only the heartbeat shows that nothing is delivered
        assertThat(Await.staysFalse(Duration.ofSeconds(3), b::isListening))
                .as("never live behind a transaction pooler")
                .isTrue();
        Await.until(Duration.ofSeconds(5), () -> b.missedHeartbeats() > 0);
    }

    @Test
    void givenListenerBehindATransactionModePooler_whenAnotherInstanceLogsOut_thenThisInstanceRefusesWithinOneSecond()
            throws Exception {
        PgBouncer bouncer = bouncer(PoolMode.TRANSACTION);
        PostgresSessionRevocations b = instance(through(bouncer));
        SessionId id = liveSession();
        assertThat(b.isRevoked(id)).isFalse();

        logout(id);

        // the notification is dropped by the pooler: the database, asked because the listener is unconfirmed, says so
        Duration took = Await.until(WITHIN, () -> b.isRevoked(id));
        LOG.info("logout behind a transaction pooler refused after {} ms", took.toMillis());
    }

    @Test
    void givenListenerBehindASessionModePooler_whenAnotherInstanceLogsOut_thenLiveAndRefusedWithinOneSecond()
            throws Exception {
        PgBouncer bouncer = bouncer(PoolMode.SESSION);
        PostgresSessionRevocations b = instance(through(bouncer));
        assertThat(b.isListening()).as("live once start returns").isTrue();
        SessionId id = liveSession();

        logout(id);

        Await.until(WITHIN, () -> b.isRevoked(id));
        assertThat(b.notificationsAccepted()).as("heard, not looked up").isPositive();
        assertThat(b.isListening()).isTrue();
        assertThat(b.missedHeartbeats()).isZero();
        assertThat(b.backendChanges()).isZero();
    }

    @Test
    void givenTransactionPooler_whenTheListeningBackendIsReplacedUnderTheConnection_thenTheChangeIsCaughtAtOnce()
            throws Exception {
        PgBouncer bouncer = bouncer(PoolMode.TRANSACTION);
        ListenerConnections pooled = through(bouncer);
        AtomicInteger opened = new AtomicInteger();
        PostgresSessionRevocations b = instance(() -> {
            Connection c = pooled.open();
            opened.incrementAndGet();
            return c;
        });
        // deaf here, it reconnects after each missed heartbeat (a listening connection and a heartbeat connection each
        // time): catch it just after it has listened again, well before that connection's heartbeat times out. When
        // the machine is slow the scheduled reconnect can come first; that round proves nothing, so take the next one
        Duration took = null;
        for (int round = 0; round < 3 && took == null; round++) {
            int listened = opened.get() + 2 - opened.get() % 2;
            Await.until(Duration.ofSeconds(10), () -> opened.get() >= Math.max(4, listened));
            int before = opened.get();
            int listening = b.listenerPid();

            // the pooler keeps the client connection and serves it from another backend, as after a failover
            terminate(listening);

            // one heartbeat later, not the heartbeat timeout
            Duration waited = Await.until(
                    Duration.ofMillis(RevocationListener.HEARTBEAT_TIMEOUT_MILLIS),
                    () -> b.backendChanges() > 0 || opened.get() > before);
            if (b.backendChanges() > 0) {
                took = waited;
            }
        }
        assertThat(took).as("backend change caught within a heartbeat timeout").isNotNull();
        LOG.info("backend change behind a transaction pooler caught after {} ms", took.toMillis());
        assertThat(b.isListening()).isFalse();
    }

    @Test
    void givenListenerThreadKilledByAThrowableThatIsNeitherErrorNorException_thenReplacedAndLiveAgain()
            throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        PostgresSessionRevocations b = instance(() -> {
            if (armed.getAndSet(false)) {
                throw RevocationListenerDeliveryTest.<RuntimeException>sneaky(new PlantedThrowable());
            }
            return direct();
        });
        int oldPid = b.listenerPid();
        assertThat(b.isListening()).isTrue();
        armed.set(true);

        // the listener reconnects, and its connection factory throws the planted Throwable
        terminate(oldPid);

        Await.until(Duration.ofSeconds(5), () -> !b.isListening());
        Await.until(Duration.ofSeconds(10), () -> b.isListening() && b.listenerPid() != oldPid);
        assertThat(armed).as("the planted Throwable was thrown").isFalse();
        assertThat(b.listenerRestarts()).isEqualTo(1);
        SessionId next = liveSession();
        logout(next);
        Await.until(WITHIN, () -> b.isRevoked(next));
    }

    @Test
    void givenListenerThreadKilledByAnErrorWhileListening_thenItsConnectionsCloseAndANewThreadListens()
            throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        List<Connection> opened = new CopyOnWriteArrayList<>();
        PostgresSessionRevocations b = instance(() -> {
            Connection c = failingWhenArmed(direct(), armed);
            opened.add(c);
            return c;
        });
        int oldPid = b.listenerPid();
        List<Connection> before = List.copyOf(opened);

        // the next statement the thread prepares throws
        armed.set(true);

        Await.until(Duration.ofSeconds(5), () -> b.listenerRestarts() == 1);
        Await.until(Duration.ofSeconds(10), () -> b.isListening() && b.listenerPid() != oldPid);
        assertThat(before).allSatisfy(c -> assertThat(c.isClosed()).isTrue());
        SessionId next = liveSession();
        logout(next);
        Await.until(WITHIN, () -> b.isRevoked(next));
    }

    /** Thrown by the test into the listener thread: neither an {@link Error} nor an {@link Exception}. */
    private static final class PlantedThrowable extends Throwable {
        private static final long serialVersionUID = 1L;

        PlantedThrowable() {
            super("planted by the test");
        }
    }

    /** Throws a checked {@link Throwable} where the compiler does not expect one, as some libraries do. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * {@code connection}, whose next {@code createStatement} or {@code prepareStatement} once armed throws an Error.
     */
    private static Connection failingWhenArmed(Connection connection, AtomicBoolean armed) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().endsWith("Statement") && armed.getAndSet(false)) {
                        throw new OutOfMemoryError("planted by the test");
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private PgBouncer bouncer(PoolMode mode) {
        PgBouncer bouncer =
                PgBouncer.start("127.0.0.1", SharedEmbeddedPostgres.server().port(), mode, 4);
        toClose.add(bouncer);
        return bouncer;
    }

    private static ListenerConnections through(PgBouncer bouncer) {
        PostgresSettings direct = SharedEmbeddedPostgres.server().settings(1);
        PostgresSettings pooled = new PostgresSettings(
                direct.jdbcUrl().replaceFirst(":\\d+/", ":" + bouncer.port() + "/"),
                direct.user(),
                direct.password(),
                1);
        return () -> PostgresPersistence.listenerConnection(pooled);
    }

    private static Connection direct() throws SQLException {
        return PostgresPersistence.listenerConnection(
                SharedEmbeddedPostgres.server().settings(1));
    }

    private PostgresSessionRevocations instance(ListenerConnections connections) {
        PostgresSessionRevocations b = new PostgresSessionRevocations(
                a.jdbi(), connections, SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME, Clock.systemUTC());
        toClose.add(b);
        b.start();
        return b;
    }

    private void terminate(int pid) {
        a.jdbi()
                .useHandle(h -> h.createQuery("SELECT pg_terminate_backend(:pid)")
                        .bind("pid", pid)
                        .mapTo(Boolean.class)
                        .one());
    }

    private SessionId liveSession() {
        Session session = Session.start(
                SessionId.random(),
                owner,
                TokenId.random(),
                now(),
                SessionPolicy.DEFAULT,
                new ClientInfo("127.0.0.1", "test"));
        a.sessions().add(session);
        return session.id();
    }

    private void logout(SessionId id) {
        a.transactions().inTransaction(() -> {
            if (a.sessions().revoke(id, now(), RevocationReason.LOGOUT)) {
                a.revocations().announce(id, now());
            }
        });
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
