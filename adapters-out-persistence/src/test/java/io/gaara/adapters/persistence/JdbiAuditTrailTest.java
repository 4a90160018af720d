package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import io.gaara.testsupport.CapturedLogs;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbiAuditTrailTest {
    private final PostgresPersistence persistence = SharedEmbeddedPostgres.persistence();
    private CapturedLogs logs;

    @BeforeEach
    void capture() {
        SharedEmbeddedPostgres.truncate(persistence);
        logs = CapturedLogs.of(JdbiAuditTrail.LOGGER_NAME);
    }

    @AfterEach
    void release() {
        logs.close();
    }

    @Test
    void givenEvent_whenRecorded_thenOneRowWithEveryFieldAndOneKeyValueLogLine() {
        UserId user = UserId.random();
        SessionId session = SessionId.random();
        Instant at = Instant.parse("2025-05-05T05:05:05.123456Z");
        AuditEvent event = new AuditEvent(
                AuditEventType.REFRESH_FAILURE,
                false,
                at,
                user,
                session,
                new ClientInfo("198.51.100.4", "curl/8.5"),
                "token_reused");

        persistence.auditTrail().record(event);

        Map<String, Object> row = persistence
                .jdbi()
                .withHandle(h ->
                        h.createQuery("SELECT * FROM audit_events").mapToMap().one());
        assertThat(row)
                .containsEntry("type", "refresh_failure")
                .containsEntry("outcome", "failure")
                .containsEntry("user_id", user.value())
                .containsEntry("session_id", session.value())
                .containsEntry("client_ip", "198.51.100.4")
                .containsEntry("user_agent", "curl/8.5")
                .containsEntry("detail", "token_reused");
        Instant stored = persistence
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT occurred_at FROM audit_events")
                        .map((rs, ctx) -> Timestamps.fromDb(rs, "occurred_at"))
                        .one());
        assertThat(stored).isEqualTo(at);
        assertThat(logs.events()).hasSize(1);
        assertThat(keyValues(logs.events().get(0)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "event",
                        "refresh_failure",
                        "outcome",
                        "failure",
                        "user_id",
                        user.toString(),
                        "session_id",
                        session.toString(),
                        "ip",
                        "198.51.100.4",
                        "user_agent",
                        "curl/8.5",
                        "detail",
                        "token_reused"));
    }

    @Test
    void givenAnonymousEvent_whenRecorded_thenNullIdsStoredAndLeftOutOfTheLine() {
        persistence
                .auditTrail()
                .record(new AuditEvent(
                        AuditEventType.LOGIN_FAILURE, false, now(), null, null, ClientInfo.UNKNOWN, "bad_credentials"));

        Map<String, Object> row = persistence
                .jdbi()
                .withHandle(h ->
                        h.createQuery("SELECT * FROM audit_events").mapToMap().one());
        assertThat(row).containsEntry("user_id", null).containsEntry("session_id", null);
        assertThat(keyValues(logs.events().get(0)))
                .doesNotContainKeys("user_id", "session_id")
                .containsEntry("ip", "unknown");
    }

    @Test
    void givenEventInTransactionThatRollsBack_whenRecorded_thenNoRowAndNoLogLine() {
        assertThatThrownBy(() -> persistence.transactions().inTransaction(() -> {
                    persistence
                            .auditTrail()
                            .record(new AuditEvent(
                                    AuditEventType.LOGOUT,
                                    true,
                                    now(),
                                    UserId.random(),
                                    null,
                                    ClientInfo.UNKNOWN,
                                    null));
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);

        long rows = persistence
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM audit_events")
                        .mapTo(Long.class)
                        .one());
        assertThat(rows).isZero();
        assertThat(logs.events()).isEmpty();
    }

    @Test
    void givenEventInTransaction_whenCommitted_thenLoggedOnceAfterTheCommit() {
        persistence.transactions().inTransaction(() -> {
            persistence
                    .auditTrail()
                    .record(new AuditEvent(
                            AuditEventType.LOGOUT, true, now(), UserId.random(), null, ClientInfo.UNKNOWN, null));
            assertThat(logs.events()).isEmpty();
        });

        assertThat(logs.events()).hasSize(1);
    }

    @Test
    void givenUserAgentWithUnicodeLineSeparators_whenRecorded_thenTheLogLineCarriesNone() {
        // ClientInfo strips control characters, but U+2028 and U+2029 are not control characters
        ClientInfo sneaky = new ClientInfo("192.0.2.1", "agent\u2028gaara.audit event=login_success\u2029x");

        persistence
                .auditTrail()
                .record(new AuditEvent(AuditEventType.LOGIN_FAILURE, false, now(), null, null, sneaky, null));

        String logged = keyValues(logs.events().get(0)).get("user_agent");
        assertThat(logged).doesNotContain("\u2028", "\u2029", "\n", "\r").startsWith("agent_");
    }

    private static Map<String, String> keyValues(ILoggingEvent event) {
        return event.getKeyValuePairs().stream()
                .collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value)));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
