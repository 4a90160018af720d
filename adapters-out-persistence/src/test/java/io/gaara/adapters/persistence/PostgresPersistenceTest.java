package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import io.gaara.testsupport.CapturedLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;

class PostgresPersistenceTest {
    private static final String CANARY = "pw-canary-" + UUID.randomUUID();

    @Test
    void givenFreshDatabase_whenThreeInstancesStartAtOnce_thenEachMigratesSafelyAndTheSchemaIsAppliedOnce()
            throws Exception {
        PostgresSettings fresh = freshDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Callable<PostgresPersistence> start =
                () -> PostgresPersistence.start(fresh, SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME, Clock.systemUTC());
        List<Future<PostgresPersistence>> futures = pool.invokeAll(List.of(start, start, start));
        pool.shutdown();
        try {
            for (Future<PostgresPersistence> f : futures) {
                assertThat(f.get().ping()).isTrue();
            }
            long applied = futures.get(0)
                    .get()
                    .jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT count(*) FROM flyway_schema_history WHERE version = '1' AND success")
                            .mapTo(Long.class)
                            .one());
            assertThat(applied).isEqualTo(1);
        } finally {
            for (Future<PostgresPersistence> f : futures) {
                try {
                    f.get().close();
                } catch (ExecutionException failedToStart) {
                    // nothing to close
                }
            }
        }
    }

    @Test
    void givenPassword_whenStartedUsedAndClosed_thenItAppearsInNoLogLineAtAnyLevel() throws Exception {
        PostgresSettings trusted = SharedEmbeddedPostgres.server().settings(2);
        // the embedded server trusts local connections, so any password logs in
        PostgresSettings withPassword = new PostgresSettings(trusted.jdbcUrl(), trusted.user(), CANARY, 2);

        try (CapturedLogs logs = CapturedLogs.of(Logger.ROOT_LOGGER_NAME)) {
            try (PostgresPersistence p = PostgresPersistence.start(
                    withPassword, SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME, Clock.systemUTC())) {
                assertThat(p.ping()).isTrue();
            }
            assertThat(logs.events()).isNotEmpty();
            assertThat(logs.allText()).doesNotContain(CANARY).contains(trusted.jdbcUrl());
        }
    }

    /** Before: only {@code password=} was redacted, and the start-up line printed the client key's password. */
    @Test
    void givenUrlWithAnSslPassword_whenStarted_thenTheLoggedUrlRedactsItAndTheDriverStillGetsIt() throws Exception {
        PostgresSettings trusted = SharedEmbeddedPostgres.server().settings(2);
        String sslCanary = "sslpw-canary-" + UUID.randomUUID();
        PostgresSettings withSslPassword = new PostgresSettings(
                trusted.jdbcUrl() + "?sslmode=disable&sslpassword=" + sslCanary, trusted.user(), null, 2);

        try (CapturedLogs logs = CapturedLogs.of(Logger.ROOT_LOGGER_NAME)) {
            try (PostgresPersistence p = PostgresPersistence.start(
                    withSslPassword, SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME, Clock.systemUTC())) {
                assertThat(p.ping()).isTrue();
            }
            assertThat(logs.allText()).doesNotContain(sslCanary).contains("sslpassword=redacted");
        }
        assertThat(withSslPassword.toString()).doesNotContain(sslCanary);
        assertThat(withSslPassword.jdbcUrl()).as("the driver needs it").contains(sslCanary);
    }

    @Test
    @Timeout(20) // without the server-side timeouts these would hang, not fail
    void givenRowLockedByAnotherTransaction_whenARepositoryWritesIt_thenUnavailableAfterTheLockTimeoutNotAHang()
            throws Exception {
        PostgresPersistence p = SharedEmbeddedPostgres.persistence();
        User user = new User(
                UserId.random(),
                new Email("locked-" + UUID.randomUUID() + "@example.com"),
                new PasswordHash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        p.users().add(user);
        try (Connection holder = DriverManager.getConnection(
                SharedEmbeddedPostgres.server().jdbcUrl(), EmbeddedPostgresServer.USER, "")) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM users WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, user.id().value());
                lock.executeQuery().close();
            }
            long started = System.nanoTime();

            assertThatThrownBy(() -> p.users()
                            .updatePasswordHash(
                                    user.id(), new PasswordHash("$argon2id$v=19$m=19456,t=2,p=1$b3RoZXI$aGFzaA")))
                    .isInstanceOf(TemporarilyUnavailableException.class);

            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(waited).isGreaterThanOrEqualTo(PostgresPersistence.LOCK_TIMEOUT.minusMillis(100));
            assertThat(waited).as("cut off by lock_timeout, not left hanging").isLessThan(Duration.ofSeconds(4));
            holder.rollback();
        }
    }

    @Test
    @Timeout(20) // without the server-side timeouts these would hang, not fail
    void givenSlowStatement_whenRunOnAPooledConnection_thenTheServerCancelsItAtTheStatementTimeout() {
        PostgresPersistence p = SharedEmbeddedPostgres.persistence();
        long started = System.nanoTime();

        assertThatThrownBy(() -> p.jdbi().useHandle(h -> h.execute("SELECT pg_sleep(30)")))
                .satisfies(e -> assertThat(SqlErrors.isUnavailable(e))
                        .as("answered 503")
                        .isTrue());

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isBetween(PostgresPersistence.STATEMENT_TIMEOUT.minusMillis(100), Duration.ofSeconds(8));
    }

    /**
     * Packets dropped on the way (a firewall, a dead host): nothing is refused or reset, the connection just goes
     * quiet. The driver's socket timeout bounds the wait, and the caller gets the outage (503) instead of a thread that
     * hangs for the kernel's TCP retransmission time (about 15 minutes on Linux).
     */
    @Test
    @Timeout(value = 40, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails instead of blocking the run
    void givenBlackHoledDatabase_whenARepositoryAsks_thenUnavailableWithinTheSocketTimeoutNotAHang() throws Exception {
        try (SilenceableTcpProxy proxy = SilenceableTcpProxy.inFrontOf(
                        SharedEmbeddedPostgres.server().settings(1));
                PostgresPersistence p = PostgresPersistence.start(
                        proxy.settings(SharedEmbeddedPostgres.server().settings(1)),
                        SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME,
                        Clock.systemUTC())) {
            assertThat(p.users().findByEmail(new Email("ann@example.com"))).isEmpty();
            proxy.silenceOpenConnections();
            long started = System.nanoTime();

            assertThatThrownBy(() -> p.users().findByEmail(new Email("ann@example.com")))
                    .isInstanceOf(TemporarilyUnavailableException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(
                            PostgresPersistence.SOCKET_TIMEOUT.minusMillis(500),
                            PostgresPersistence.SOCKET_TIMEOUT.plusSeconds(5));
        }
    }

    @Test
    void givenEveryPooledConnectionHeld_whenARepositoryAsks_thenUnavailableWithinThePoolWait() throws Exception {
        try (PostgresPersistence p = PostgresPersistence.start(
                        SharedEmbeddedPostgres.server().settings(2),
                        SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME,
                        Clock.systemUTC());
                Handle one = p.jdbi().open();
                Handle two = p.jdbi().open()) {
            one.execute("SELECT 1");
            two.execute("SELECT 1");
            long started = System.nanoTime();

            assertThatThrownBy(() -> p.users().findByEmail(new Email("ann@example.com")))
                    .isInstanceOf(TemporarilyUnavailableException.class);

            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(waited).isGreaterThanOrEqualTo(PostgresPersistence.POOL_WAIT.minusMillis(100));
            assertThat(waited)
                    .as("a request waits the pool wait, not a request thread's lifetime")
                    .isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void givenRunningPersistence_whenTheServerStops_thenPingTurnsFalse() throws Exception {
        Path dir = Path.of("target", "embedded-pg", "ping-" + UUID.randomUUID());
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, 0, false);
        try (PostgresPersistence p = PostgresPersistence.start(
                server.settings(2), SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME, Clock.systemUTC())) {
            assertThat(p.ping()).isTrue();

            server.close();

            assertThat(p.ping()).isFalse();
        } finally {
            server.close();
        }
    }

    private static PostgresSettings freshDatabase() throws SQLException {
        PostgresSettings admin = SharedEmbeddedPostgres.server().settings(1);
        String name = "fresh_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = PostgresPersistence.listenerConnection(admin);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new PostgresSettings(admin.jdbcUrl().replaceAll("/[^/]+$", "/" + name), admin.user(), null, 2);
    }
}
