package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import io.gaara.testsupport.CapturedLogs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;

/**
 * The database's circuit breaker on the real (embedded) PostgreSQL: what opens it (statements the server cuts off by
 * its timeout: a database too slow for everybody), what never does (answers the database gives, errors included, and a
 * single busy row), that an open breaker refuses at once while the database is fine, and that a trial call (the
 * readiness ping, or a whole transaction with repository calls inside it) closes it again. The cut-and-restore of the
 * network path, with HTTP and readiness, is {@code DatabaseCircuitBreakerTest} in bootstrap.
 */
class DatabaseBreakerTest {
    private static final Duration OPEN_FOR = Duration.ofMillis(700);
    private static final DatabaseBreakerSettings TWO_IN_A_ROW = new DatabaseBreakerSettings(2, OPEN_FOR);

    private static PostgresPersistence start() {
        return PostgresPersistence.start(
                SharedEmbeddedPostgres.server().settings(3),
                SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME,
                Clock.systemUTC(),
                TWO_IN_A_ROW);
    }

    /** One port call that the server cuts off by a statement timeout (SQLSTATE 57014), as a slow database would. */
    private static void slowStatement(PostgresPersistence p) {
        new OutageTranslatingJdbi(p.jdbi()).inTransaction(h -> {
            h.execute("SET LOCAL statement_timeout = 50");
            return h.execute("SELECT pg_sleep(2)");
        });
    }

    @Test
    void givenStatementsCutOffByTheirTimeout_whenTwoInARow_thenOpenRefusesAtOnceAndThePingClosesItAfterward()
            throws Exception {
        try (PostgresPersistence p = start();
                CapturedLogs logs = CapturedLogs.of(DatabaseBreaker.class.getName())) {
            assertThat(p.ping()).isTrue();
            assertThatThrownBy(() -> slowStatement(p)).isInstanceOf(TemporarilyUnavailableException.class);
            assertThat(p.breakerState())
                    .as("one failure is not yet a failed database")
                    .isEqualTo("CLOSED");
            assertThatThrownBy(() -> slowStatement(p)).isInstanceOf(TemporarilyUnavailableException.class);

            assertThat(p.breakerState()).isEqualTo("OPEN");
            assertThat(warnings(logs))
                    .singleElement()
                    .satisfies(line -> assertThat(line).contains("OPEN", "2 outage failures in a row"));
            // the database itself is fine: only the breaker can be refusing these, and it does so without asking it
            assertThatThrownBy(() -> p.users().findById(UserId.random()))
                    .isInstanceOf(TemporarilyUnavailableException.class);
            assertThat(p.ping()).as("readiness says DOWN while open").isFalse();

            // after the open time the next ping is the trial call: it succeeds and closes the breaker
            Await.until(Duration.ofSeconds(10), p::ping);

            assertThat(p.breakerState()).isEqualTo("CLOSED");
            assertThat(p.users().findById(UserId.random())).isEmpty();
            assertThat(transitions(logs))
                    .containsExactly(
                            "WARN database circuit breaker OPEN (was CLOSED)",
                            "INFO database circuit breaker HALF_OPEN (was OPEN)",
                            "INFO database circuit breaker CLOSED (was HALF_OPEN)");
        }
    }

    @Test
    void givenHalfOpen_whenTheTrialCallIsATransactionWithRepositoryCallsInside_thenItRunsAndClosesTheBreaker()
            throws Exception {
        try (PostgresPersistence p = start()) {
            slowStatementIgnoringOutage(p);
            slowStatementIgnoringOutage(p);
            assertThat(p.breakerState()).isEqualTo("OPEN");
            User ann = user();

            // the transaction holds the one trial permit; the repository calls inside it join it, not ask for another
            Await.until(Duration.ofSeconds(10), () -> {
                try {
                    return p.transactions().inTransaction(() -> {
                        p.users().add(ann);
                        return p.users().findById(ann.id()).isPresent();
                    });
                } catch (TemporarilyUnavailableException stillOpen) {
                    return false;
                }
            });

            assertThat(p.breakerState()).isEqualTo("CLOSED");
        }
    }

    @Test
    void givenTheDatabaseAnswersWithErrors_whenManyInARow_thenTheBreakerStaysClosed() throws Exception {
        try (PostgresPersistence p = start();
                CapturedLogs logs = CapturedLogs.of(DatabaseBreaker.class.getName())) {
            User ann = user();
            p.users().add(ann);
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(
                                () -> p.users().add(new User(UserId.random(), ann.email(), ann.passwordHash(), now())))
                        .isInstanceOf(EmailAlreadyRegisteredException.class);
                assertThatThrownBy(() -> new OutageTranslatingJdbi(p.jdbi())
                                .useHandle(h -> h.execute("SELECT no_such_column FROM users")))
                        .isInstanceOf(JdbiException.class);
            }
            // one row held by another transaction: each write of it waits out lock_timeout (503), the database is fine
            try (Connection holder = DriverManager.getConnection(
                    SharedEmbeddedPostgres.server().jdbcUrl(), EmbeddedPostgresServer.USER, "")) {
                holder.setAutoCommit(false);
                try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM users WHERE id = ? FOR UPDATE")) {
                    lock.setObject(1, ann.id().value());
                    lock.executeQuery().close();
                }
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> p.users().updatePasswordHash(ann.id(), new PasswordHash("$argon2id$y")))
                            .isInstanceOf(TemporarilyUnavailableException.class);
                }
                holder.rollback();
            }

            assertThat(p.breakerState()).isEqualTo("CLOSED");
            assertThat(logs.events()).isEmpty();
            assertThat(p.users().findById(ann.id())).isPresent();
        }
    }

    private static void slowStatementIgnoringOutage(PostgresPersistence p) {
        try {
            slowStatement(p);
        } catch (TemporarilyUnavailableException expected) {
            // counted by the breaker
        }
    }

    private static List<String> warnings(CapturedLogs logs) {
        return logs.events().stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** Each transition's level and the first words of its line. */
    private static List<String> transitions(CapturedLogs logs) {
        return logs.events().stream()
                .map(e -> e.getLevel() + " " + e.getFormattedMessage().replaceFirst("\\):.*", ")"))
                .toList();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static User user() {
        return new User(
                UserId.random(),
                new Email("breaker-" + UUID.randomUUID() + "@example.com"),
                new PasswordHash("$argon2id$x"),
                now());
    }
}
