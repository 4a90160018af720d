package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.TemporarilyUnavailableException;
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
import io.gaara.testsupport.MutableClock;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two server instances on one database: what one ends, the other refuses within a second, with no query per check.
 * Instance A is the shared persistence; each test builds its own instance B. While B's listener is not confirmed live,
 * B asks the database instead, and refuses when the database cannot answer.
 */
class PostgresSessionRevocationsTest {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSessionRevocationsTest.class);
    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final Duration LIFETIME = SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME;

    private final PostgresPersistence a = SharedEmbeddedPostgres.persistence();
    private final List<PostgresSessionRevocations> started = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private UserId owner;

    @BeforeEach
    void addOwner() {
        User user = new User(
                UserId.random(), new Email("rev-" + UUID.randomUUID() + "@example.com"), new PasswordHash("x"), now());
        a.users().add(user);
        owner = user.id();
    }

    @AfterEach
    void stopInstances() throws Exception {
        started.forEach(PostgresSessionRevocations::close);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void givenTwoInstances_whenAIsLoggedOutInACommittedTransaction_thenBRefusesTheSessionWithinOneSecond()
            throws Exception {
        PostgresSessionRevocations b = instance(Clock.systemUTC());
        SessionId id = liveSession();
        assertThat(b.isRevoked(id)).isFalse();

        logout(id);

        Duration took = Await.until(WITHIN, () -> b.isRevoked(id));
        LOG.info("cross-instance revocation seen after {} ms", took.toMillis());
    }

    @Test
    void givenLogoutAll_whenCommittedOnA_thenBRefusesEverySessionOfTheUser() throws Exception {
        PostgresSessionRevocations b = instance(Clock.systemUTC());
        SessionId first = liveSession();
        SessionId second = liveSession();

        a.transactions()
                .inTransaction(() -> a.sessions()
                        .revokeAllOf(owner, now(), RevocationReason.LOGOUT_ALL)
                        .forEach(id -> a.revocations().announce(id, now())));

        Await.until(WITHIN, () -> b.isRevoked(first) && b.isRevoked(second));
    }

    @Test
    void givenAnnouncementInATransactionThatRollsBack_whenChecked_thenNeitherInstanceEverSeesIt() throws Exception {
        PostgresSessionRevocations b = instance(Clock.systemUTC());
        SessionId id = liveSession();

        assertThatThrownBy(() -> a.transactions().inTransaction(() -> {
                    a.sessions().revoke(id, now(), RevocationReason.LOGOUT);
                    a.revocations().announce(id, now());
                    throw new IllegalStateException("the logout fails after announcing");
                }))
                .isInstanceOf(IllegalStateException.class);

        // a committed announcement after it proves the channel was working all along
        SessionId control = liveSession();
        logout(control);
        Await.until(WITHIN, () -> b.isRevoked(control));
        assertThat(Await.staysFalse(
                        Duration.ofMillis(300),
                        () -> b.isRevoked(id) || a.revocations().isRevoked(id)))
                .isTrue();
    }

    @Test
    void givenSessionRevokedBeforeBStarted_whenBStarts_thenBRefusesItAtOnceFromTheResync() {
        SessionId id = liveSession();
        logout(id);

        PostgresSessionRevocations b = instance(Clock.systemUTC());

        assertThat(b.isRevoked(id)).isTrue();
    }

    @Test
    void givenRevocationOlderThanTheAccessTokenLifetime_whenBStarts_thenBForgetsIt() {
        SessionId old = liveSession();
        a.sessions()
                .revoke(
                        old,
                        now().minus(LIFETIME).minus(RevokedSessions.CLOCK_SKEW).minusSeconds(1),
                        RevocationReason.LOGOUT);
        SessionId recent = liveSession();
        a.sessions().revoke(recent, now().minus(LIFETIME), RevocationReason.LOGOUT);

        PostgresSessionRevocations b = instance(Clock.systemUTC());

        assertThat(b.isRevoked(old)).isFalse();
        assertThat(b.isRevoked(recent)).isTrue();
    }

    @Test
    void givenAnnouncedRevocation_whenTheAccessTokenLifetimeAndSkewHavePassed_thenItIsForgotten() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        PostgresSessionRevocations b = instance(clock);
        SessionId id = SessionId.random();
        long accepted = b.notificationsAccepted();
        b.announce(id, clock.instant());
        // B's own listener hears the announcement too and stamps it on arrival, on this clock: arriving after the
        // clock has moved, it would rightly keep the entry longer. The clock moves only once it has arrived.
        Await.until(Duration.ofSeconds(5), () -> b.notificationsAccepted() > accepted);

        clock.advance(LIFETIME.plus(RevokedSessions.CLOCK_SKEW).minusSeconds(1));
        assertThat(b.isRevoked(id)).isTrue();

        clock.advance(Duration.ofSeconds(2));
        assertThat(b.isRevoked(id)).isFalse();
    }

    @Test
    void givenListenerThreadHitByAnError_whenReconnecting_thenItRecoversInsteadOfDying() throws Exception {
        PostgresSettings settings = SharedEmbeddedPostgres.server().settings(1);
        AtomicBoolean armed = new AtomicBoolean();
        AtomicInteger errorsLeft = new AtomicInteger(2);
        PostgresSessionRevocations b = instance(Clock.systemUTC(), a.jdbi(), () -> {
            if (armed.get() && errorsLeft.getAndDecrement() > 0) {
                // not an SQLException nor a RuntimeException: before, it ended the listener thread for good
                throw new StackOverflowError("planted in the listener's reconnect");
            }
            return PostgresPersistence.listenerConnection(settings);
        });
        int oldPid = b.listenerPid();
        armed.set(true);

        a.jdbi()
                .useHandle(h -> h.createQuery("SELECT pg_terminate_backend(:pid)")
                        .bind("pid", oldPid)
                        .mapTo(Boolean.class)
                        .one());

        Await.until(Duration.ofSeconds(10), () -> b.isListening() && b.listenerPid() != oldPid);
        assertThat(errorsLeft.get())
                .as("both planted errors were met and survived")
                .isLessThanOrEqualTo(0);
        SessionId next = liveSession();
        logout(next);
        Await.until(WITHIN, () -> b.isRevoked(next));
    }

    @Test
    void givenMoreRevocationsThanTheBound_whenAnEvictedOneIsChecked_thenTheDatabaseStillRefusesIt() throws Exception {
        PostgresSettings settings = SharedEmbeddedPostgres.server().settings(1);
        PostgresSessionRevocations b = new PostgresSessionRevocations(
                a.jdbi(), () -> PostgresPersistence.listenerConnection(settings), LIFETIME, Clock.systemUTC(), 3);
        b.start();
        started.add(b);
        List<SessionId> ended = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            SessionId id = liveSession();
            logout(id);
            ended.add(id);
        }
        Await.until(WITHIN, () -> b.evictions() >= 9);
        SessionId live = liveSession();

        assertThat(ended)
                .allSatisfy(
                        id -> assertThat(b.isRevoked(id)).as("evicted or not").isTrue());
        assertThat(b.isRevoked(live)).isFalse();
    }

    @Test
    void givenBListenerConnectionKilled_whenASessionIsRevokedMeanwhile_thenBReconnectsAndRefusesIt() throws Exception {
        PostgresSessionRevocations b = instance(Clock.systemUTC());
        int oldPid = b.listenerPid();

        a.jdbi()
                .useHandle(h -> h.createQuery("SELECT pg_terminate_backend(:pid)")
                        .bind("pid", oldPid)
                        .mapTo(Boolean.class)
                        .one());
        Await.until(Duration.ofSeconds(5), () -> !b.isListening() || b.listenerPid() != oldPid);
        SessionId id = liveSession();
        logout(id);

        Await.until(Duration.ofSeconds(5), () -> b.isRevoked(id));
        Await.until(Duration.ofSeconds(5), b::isListening);
        assertThat(b.listenerPid()).isNotEqualTo(oldPid);
        // and it listens again: a later logout arrives by notification, not by resync
        SessionId next = liveSession();
        logout(next);
        Await.until(WITHIN, () -> b.isRevoked(next));
    }

    @Test
    void givenListenerGoesSilent_whenWaiting_thenIsListeningTurnsFalseWithinOneSecondAndTrueAfterReconnecting()
            throws Exception {
        SilenceableTcpProxy proxy = proxy();
        PostgresSessionRevocations b = instance(Clock.systemUTC(), a.jdbi(), listenerThrough(proxy));
        int oldPid = b.listenerPid();
        assertThat(b.isListening()).isTrue();

        proxy.silenceOpenConnections();

        Duration detected = Await.until(WITHIN, () -> !b.isListening());
        LOG.info("silent listener connection detected after {} ms", detected.toMillis());
        // the heartbeat times out, the listener reconnects through the (working) relay and resyncs
        Await.until(Duration.ofSeconds(10), () -> b.isListening() && b.listenerPid() != oldPid);
    }

    @Test
    void givenListenerGoesSilent_whenAnotherInstanceLogsOutAtThatMoment_thenThisInstanceRefusesWithinOneSecond()
            throws Exception {
        SilenceableTcpProxy proxy = proxy();
        PostgresSessionRevocations b = instance(Clock.systemUTC(), a.jdbi(), listenerThrough(proxy));
        SessionId id = liveSession();
        assertThat(b.isRevoked(id)).isFalse();

        proxy.silenceOpenConnections();
        logout(id);

        // the notification is lost in the silent connection: only the database fallback can see it
        Duration took = Await.until(WITHIN, () -> b.isRevoked(id));
        LOG.info("revocation behind a silent listener refused after {} ms", took.toMillis());
    }

    @Test
    void givenListenerDownAndUnableToReconnect_whenAnotherInstanceLogsOut_thenThisInstanceRefusesWithinOneSecond()
            throws Exception {
        SwitchableListener listener = new SwitchableListener();
        PostgresSessionRevocations b = instance(Clock.systemUTC(), a.jdbi(), listener);
        SessionId id = liveSession();
        takeDown(b, listener);

        logout(id);

        Await.until(WITHIN, () -> b.isRevoked(id));
        assertThat(b.isListening()).isFalse();

        listener.refusing = false;
        Await.until(Duration.ofSeconds(15), b::isListening);
        // listening again: a later logout arrives by notification
        SessionId next = liveSession();
        logout(next);
        Await.until(WITHIN, () -> b.isRevoked(next));
    }

    @Test
    void givenListenerDown_whenALiveSessionIsChecked_thenTheDatabaseVouchesForIt() throws Exception {
        SwitchableListener listener = new SwitchableListener();
        AtomicInteger connections = new AtomicInteger();
        PostgresSessionRevocations b =
                instance(Clock.systemUTC(), jdbiOn(counting(a.dataSource(), connections)), listener);
        SessionId id = liveSession();
        takeDown(b, listener);

        assertThat(b.isRevoked(id)).isFalse();
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void givenListenerDown_whenOneSessionIsCheckedInAFlood_thenTheDatabaseIsAskedAboutOncePerMemoWindow()
            throws Exception {
        SwitchableListener listener = new SwitchableListener();
        AtomicInteger connections = new AtomicInteger();
        PostgresSessionRevocations b =
                instance(Clock.systemUTC(), jdbiOn(counting(a.dataSource(), connections)), listener);
        SessionId id = liveSession();
        takeDown(b, listener);

        long start = System.nanoTime();
        int checks = 0;
        while (System.nanoTime() - start < Duration.ofMillis(600).toNanos()) {
            assertThat(b.isRevoked(id)).isFalse();
            checks++;
        }
        long windows =
                Duration.ofNanos(System.nanoTime() - start).toMillis() / FallbackRevocationLookup.MEMO.toMillis() + 1;

        assertThat(checks).isGreaterThan(100);
        assertThat(connections.get()).isBetween(1, (int) windows + 1);
    }

    @Test
    void givenListenerDownAndDatabaseFailing_whenALiveSessionIsChecked_thenUnavailableNeverLive() throws Exception {
        SwitchableListener listener = new SwitchableListener();
        PostgresSessionRevocations b = instance(Clock.systemUTC(), jdbiOn(failing(0)), listener);
        SessionId id = liveSession();
        assertThat(b.isRevoked(id)).isFalse();

        takeDown(b, listener);

        // fail closed, as an outage: the client retries instead of throwing its session away
        assertThatThrownBy(() -> b.isRevoked(id)).isInstanceOf(TemporarilyUnavailableException.class);
    }

    @Test
    void givenListenerDownAndDatabaseHanging_whenALiveSessionIsChecked_thenUnavailableWithoutWaitingForTheDatabase()
            throws Exception {
        SwitchableListener listener = new SwitchableListener();
        PostgresSessionRevocations b = instance(Clock.systemUTC(), jdbiOn(failing(10_000)), listener);
        SessionId id = liveSession();
        takeDown(b, listener);

        long start = System.nanoTime();
        assertThatThrownBy(() -> b.isRevoked(id)).isInstanceOf(TemporarilyUnavailableException.class);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertThat(waited).isLessThan(FallbackRevocationLookup.TIMEOUT.plusMillis(500));
    }

    @Test
    void givenListenerLive_whenSessionsAreCheckedManyTimes_thenTheDatabaseIsNeverAsked() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        PostgresSessionRevocations b = instance(
                Clock.systemUTC(),
                jdbiOn(counting(a.dataSource(), connections)),
                () -> PostgresPersistence.listenerConnection(
                        SharedEmbeddedPostgres.server().settings(1)));
        SessionId live = liveSession();
        SessionId ended = liveSession();
        logout(ended);
        Await.until(WITHIN, () -> b.isRevoked(ended));
        connections.set(0);

        for (int i = 0; i < 10_000; i++) {
            assertThat(b.isRevoked(live)).isFalse();
            assertThat(b.isRevoked(ended)).isTrue();
        }

        assertThat(b.isListening()).isTrue();
        assertThat(connections.get()).isZero();
    }

    @Test
    void givenStartedInstance_whenClosed_thenItsListenerConnectionIsGone() throws Exception {
        PostgresSessionRevocations b = instance(Clock.systemUTC());
        int pid = b.listenerPid();
        assertThat(backendAlive(pid)).isTrue();

        b.close();

        assertThat(b.isListening()).isFalse();
        Await.until(Duration.ofSeconds(2), () -> !backendAlive(pid));
    }

    private boolean backendAlive(int pid) {
        return a.jdbi()
                        .withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
                                .bind("pid", pid)
                                .mapTo(Integer.class)
                                .one())
                == 1;
    }

    private PostgresSessionRevocations instance(Clock clock) {
        PostgresSettings settings = SharedEmbeddedPostgres.server().settings(1);
        return instance(clock, a.jdbi(), () -> PostgresPersistence.listenerConnection(settings));
    }

    private PostgresSessionRevocations instance(Clock clock, Jdbi jdbi, ListenerConnections connections) {
        PostgresSessionRevocations b = new PostgresSessionRevocations(jdbi, connections, LIFETIME, clock);
        b.start();
        started.add(b);
        return b;
    }

    private SilenceableTcpProxy proxy() throws IOException {
        SilenceableTcpProxy proxy =
                SilenceableTcpProxy.inFrontOf(SharedEmbeddedPostgres.server().settings(1));
        toClose.add(proxy);
        return proxy;
    }

    private static ListenerConnections listenerThrough(SilenceableTcpProxy proxy) {
        PostgresSettings settings =
                proxy.settings(SharedEmbeddedPostgres.server().settings(1));
        return () -> PostgresPersistence.listenerConnection(settings);
    }

    /** Kills B's listener backend and keeps it from reconnecting until {@code listener.refusing} is cleared. */
    private void takeDown(PostgresSessionRevocations b, SwitchableListener listener) throws InterruptedException {
        listener.refusing = true;
        int pid = b.listenerPid();
        a.jdbi()
                .useHandle(h -> h.createQuery("SELECT pg_terminate_backend(:pid)")
                        .bind("pid", pid)
                        .mapTo(Boolean.class)
                        .one());
        Await.until(Duration.ofSeconds(5), () -> !b.isListening());
    }

    /** Listener connections to the shared server, refused while {@link #refusing} is set. */
    private static final class SwitchableListener implements ListenerConnections {
        volatile boolean refusing;

        @Override
        public Connection open() throws SQLException {
            if (refusing) {
                throw new SQLException("the test keeps the listener from reconnecting", "08001");
            }
            return PostgresPersistence.listenerConnection(
                    SharedEmbeddedPostgres.server().settings(1));
        }
    }

    private static Jdbi jdbiOn(DataSource dataSource) {
        return Jdbi.create(dataSource).installPlugin(new PostgresPlugin()).installPlugin(new GaaraJdbiPlugin());
    }

    /** Counts the connections asked of {@code target}: every query through Jdbi asks for one. */
    private static DataSource counting(DataSource target, AtomicInteger connections) {
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A database that cannot be reached: every connection fails, after {@code afterMillis}. */
    private static DataSource failing(long afterMillis) {
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        Thread.sleep(afterMillis);
                        throw new SQLException("the test's database is unreachable", "08001");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
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
