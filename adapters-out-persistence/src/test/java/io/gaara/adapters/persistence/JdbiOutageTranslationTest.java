package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.application.port.out.persistence.OneTimeTokens.Purpose;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.junit.jupiter.api.Test;

/**
 * A database that cannot be reached is the application's TemporarilyUnavailableException (503 at the edge); an error in
 * a statement is not, and keeps its own meaning.
 */
class JdbiOutageTranslationTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final ClientInfo CLIENT = new ClientInfo("192.0.2.1", "outage-test");

    @Test
    void givenNothingListening_whenAnyPortMethodRuns_thenTemporarilyUnavailable() throws Exception {
        Jdbi jdbi = Jdbi.create(
                        "jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres?connectTimeout=2", "postgres", "")
                .installPlugin(new PostgresPlugin())
                .installPlugin(new GaaraJdbiPlugin());
        var users = new JdbiUserRepository(jdbi);
        var sessions = new JdbiSessionRepository(jdbi);
        var audit = new JdbiAuditTrail(jdbi);
        var tx = new JdbiTransactions(jdbi);
        var outbox = new JdbiEmailOutbox(jdbi);
        var tokens = new JdbiOneTimeTokens(jdbi);
        UserId someone = UserId.random();

        assertThatThrownBy(() -> users.findByEmail(new Email("a@example.com")))
                .isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> users.findById(someone)).isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> users.add(user())).isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> users.updatePasswordHash(someone, new PasswordHash("$x")))
                .isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> sessions.add(session(someone))).isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> sessions.findById(SessionId.random()))
                .isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> sessions.compareAndRotate(session(someone), TokenId.random()))
                .isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> sessions.revoke(SessionId.random(), NOW, RevocationReason.LOGOUT))
                .isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> sessions.revokeAllOf(someone, NOW, RevocationReason.LOGOUT))
                .isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> sessions.findActiveByUser(someone, NOW))
                .isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> audit.record(event())).isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> outbox.enqueue(
                        new OutboxEmail(new Email("a@example.com"), EmailTemplate.PASSWORD_CHANGED, Map.of()), NOW))
                .isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> outbox.claimDue(10, NOW, Duration.ofMinutes(1)))
                .isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> outbox.markSent(1, NOW)).isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> outbox.markRetry(1, NOW, "503")).isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> outbox.markFailed(1, NOW, "400")).isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(outbox::counts).isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() ->
                        tokens.issue(someone, Purpose.PASSWORD_RESET, new byte[32], null, NOW.plusSeconds(60), NOW))
                .isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> tokens.spend(Purpose.PASSWORD_RESET, new byte[32], NOW))
                .isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> tokens.revokeAll(someone, NOW)).isInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> tx.inTransaction(() -> 1))
                .isInstanceOf(TemporarilyUnavailableException.class)
                .hasMessageNotContaining("127.0.0.1");
    }

    @Test
    void givenEveryPooledConnectionBusy_whenPoolTimesOut_thenTemporarilyUnavailable() throws Exception {
        try (HikariDataSource pool = pool(1)) {
            var users = new JdbiUserRepository(
                    Jdbi.create(pool).installPlugin(new PostgresPlugin()).installPlugin(new GaaraJdbiPlugin()));
            try (Connection held = pool.getConnection()) {
                assertThat(held.isValid(1)).isTrue();
                assertThatThrownBy(() -> users.findById(UserId.random()))
                        .isInstanceOf(TemporarilyUnavailableException.class);
            }
            assertThat(users.findById(UserId.random())).isEmpty();
        }
    }

    @Test
    void givenServerEndsTheBackendMidTransaction_whenNextStatementRuns_thenTemporarilyUnavailable() {
        try (HikariDataSource pool = pool(2)) {
            Jdbi jdbi = Jdbi.create(pool).installPlugin(new PostgresPlugin()).installPlugin(new GaaraJdbiPlugin());
            var users = new JdbiUserRepository(jdbi);
            var tx = new JdbiTransactions(jdbi);

            assertThatThrownBy(() -> tx.inTransaction(() -> {
                        users.findById(UserId.random());
                        int backend = jdbi.withHandle(h -> h.createQuery("SELECT pg_backend_pid()")
                                .mapTo(Integer.class)
                                .one());
                        // what a restart or failover of PostgreSQL does to every open connection (57P01)
                        SharedEmbeddedPostgres.persistence()
                                .jdbi()
                                .useHandle(h -> h.createQuery("SELECT pg_terminate_backend(:pid)")
                                        .bind("pid", backend)
                                        .mapTo(Boolean.class)
                                        .one());
                        return users.findById(UserId.random());
                    }))
                    .isInstanceOf(TemporarilyUnavailableException.class);

            assertThat(users.findById(UserId.random()))
                    .as("the pool recovers with a new connection")
                    .isEmpty();
        }
    }

    @Test
    void givenStatementErrors_whenDatabaseIsUp_thenNotMistakenForAnOutage() {
        PostgresPersistence persistence = SharedEmbeddedPostgres.persistence();
        SharedEmbeddedPostgres.truncate(persistence);
        User ann = user();
        persistence.users().add(ann);

        assertThatThrownBy(
                        () -> persistence.users().add(new User(UserId.random(), ann.email(), ann.passwordHash(), NOW)))
                .isInstanceOf(EmailAlreadyRegisteredException.class);
        // a link for a user that does not exist breaks the foreign key: a bug, not an outage
        assertThatThrownBy(() -> persistence
                        .oneTimeTokens()
                        .issue(
                                UserId.random(),
                                OneTimeTokens.Purpose.PASSWORD_RESET,
                                new byte[32],
                                null,
                                NOW.plusSeconds(60),
                                NOW))
                .isInstanceOf(JdbiException.class)
                .isNotInstanceOf(TemporarilyUnavailableException.class);
        assertThatThrownBy(() -> persistence
                        .transactions()
                        .inTransaction(() -> persistence
                                .jdbi()
                                .withHandle(h -> h.createQuery("SELECT no_such_column FROM users")
                                        .mapToMap()
                                        .list())))
                .isInstanceOf(JdbiException.class)
                .isNotInstanceOf(TemporarilyUnavailableException.class);
    }

    private static HikariDataSource pool(int size) {
        EmbeddedPostgresServer server = SharedEmbeddedPostgres.server();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(EmbeddedPostgresServer.USER);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(250);
        return new HikariDataSource(config);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static User user() {
        return new User(
                UserId.random(),
                new Email("user-" + UUID.randomUUID() + "@example.com"),
                new PasswordHash("$argon2id$x"),
                NOW);
    }

    private static Session session(UserId user) {
        return Session.start(SessionId.random(), user, TokenId.random(), NOW, SessionPolicy.DEFAULT, CLIENT);
    }

    private static AuditEvent event() {
        return new AuditEvent(AuditEventType.LOGIN_SUCCESS, true, NOW, UserId.random(), null, CLIENT, null);
    }
}
