package io.gaara.application.contract.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditTrail} must keep: each event, whole and in the order recorded, findable by the user it is
 * about. Subclass it once per adapter and read the storage back in the hooks; what a log line says is the adapter's own
 * test's business.
 */
public abstract class AuditTrailContract {
    private AuditTrail trail;

    /** A trail over empty storage. */
    protected abstract AuditTrail createAuditTrail();

    /** Every event the storage holds, in the order recorded, read back from outside any transaction. */
    protected abstract List<AuditEvent> recorded();

    /** The events about {@code userId}, in the order recorded, as an operator's query by user finds them. */
    protected abstract List<AuditEvent> recordedFor(UserId userId);

    @BeforeEach
    void setUpTrail() {
        trail = createAuditTrail();
    }

    @Test
    void givenEventWithEveryField_whenRecorded_thenEveryFieldReadsBackEqual() {
        UserId user = UserId.random();
        AuditEvent event = new AuditEvent(
                AuditEventType.REFRESH_FAILURE,
                false,
                Fixtures.NOW,
                user,
                SessionId.random(),
                Fixtures.CLIENT,
                "token_reused");

        trail.record(event);

        // records compare every component: type, outcome, the instant to the microsecond, ids, client, detail
        assertThat(recorded()).containsExactly(event);
        assertThat(recordedFor(user)).containsExactly(event);
    }

    @Test
    void givenAnonymousEvent_whenRecorded_thenReadBackWithoutUserOrSession() {
        AuditEvent event = new AuditEvent(
                AuditEventType.LOGIN_FAILURE, false, Fixtures.NOW, null, null, ClientInfo.UNKNOWN, "bad_credentials");

        trail.record(event);

        assertThat(recorded()).containsExactly(event);
    }

    @Test
    void givenEventWithoutDetail_whenRecorded_thenReadBackWithoutDetail() {
        UserId user = UserId.random();
        AuditEvent event = new AuditEvent(
                AuditEventType.LOGOUT, true, Fixtures.NOW, user, SessionId.random(), Fixtures.CLIENT, null);

        trail.record(event);

        assertThat(recordedFor(user)).containsExactly(event);
    }

    @Test
    void givenOneEventOfEveryTypeAtTheSameInstant_whenRecorded_thenReadBackInTheOrderRecorded() {
        // one request's events share the clock's instant, so only the trail can tell their order
        UserId user = UserId.random();
        SessionId session = SessionId.random();
        List<AuditEvent> events = new ArrayList<>();
        boolean success = true;
        for (AuditEventType type : AuditEventType.values()) {
            String detail = success ? null : "reason";
            events.add(new AuditEvent(type, success, Fixtures.NOW, user, session, Fixtures.CLIENT, detail));
            success = !success;
        }

        events.forEach(trail::record);

        assertThat(recorded()).containsExactlyElementsOf(events);
        assertThat(recordedFor(user)).containsExactlyElementsOf(events);
    }

    @Test
    void givenEventsOfTwoUsersAndAnAnonymousOne_whenReadPerUser_thenEachUserSeesOnlyTheirOwn() {
        UserId alice = UserId.random();
        UserId bob = UserId.random();
        AuditEvent aliceIn = new AuditEvent(
                AuditEventType.LOGIN_SUCCESS, true, Fixtures.NOW, alice, SessionId.random(), Fixtures.CLIENT, null);
        AuditEvent bobIn = new AuditEvent(
                AuditEventType.LOGIN_SUCCESS,
                true,
                Fixtures.NOW.plusMillis(1),
                bob,
                SessionId.random(),
                Fixtures.CLIENT,
                null);
        AuditEvent stranger = new AuditEvent(
                AuditEventType.LOGIN_FAILURE,
                false,
                Fixtures.NOW.plusMillis(2),
                null,
                null,
                Fixtures.CLIENT,
                "bad_credentials");
        AuditEvent aliceOut = new AuditEvent(
                AuditEventType.LOGOUT_ALL, true, Fixtures.NOW.plusMillis(3), alice, null, Fixtures.CLIENT, null);

        List.of(aliceIn, bobIn, stranger, aliceOut).forEach(trail::record);

        assertThat(recordedFor(alice)).containsExactly(aliceIn, aliceOut);
        assertThat(recordedFor(bob)).containsExactly(bobIn);
        assertThat(recordedFor(UserId.random())).isEmpty();
        assertThat(recorded()).containsExactly(aliceIn, bobIn, stranger, aliceOut);
    }

    @Test
    void givenTheSameEventTwice_whenRecorded_thenBothAreKept() {
        // two identical failed logins in the same microsecond are two attempts, not one
        AuditEvent attempt = new AuditEvent(
                AuditEventType.LOGIN_FAILURE, false, Fixtures.NOW, null, null, Fixtures.CLIENT, "bad_credentials");

        trail.record(attempt);
        trail.record(attempt);

        assertThat(recorded()).containsExactly(attempt, attempt);
    }

    @Test
    void givenHostileClient_whenRecorded_thenStoredAsGivenNotEscaped() {
        // ClientInfo drops CR and LF; quotes, backslashes and U+2028 reach the trail, which keeps them verbatim
        // (escaping is for the log line, whose layout they could break, not for the stored value)
        ClientInfo hostile = new ClientInfo(
                "203.0.113.9\", outcome=\"success",
                "evil\r\nevent=\"login_success\" outcome=\"success\" \\\" '; DROP TABLE audit_events; --\u2028x");
        assertThat(hostile.userAgent()).doesNotContain("\r", "\n").contains("\"", "\\", "'", "\u2028");
        UserId user = UserId.random();
        AuditEvent event = new AuditEvent(
                AuditEventType.LOGIN_FAILURE, false, Fixtures.NOW, user, null, hostile, "bad_credentials");

        trail.record(event);

        assertThat(recordedFor(user)).singleElement().satisfies(stored -> {
            assertThat(stored.client().userAgent()).isEqualTo(hostile.userAgent());
            assertThat(stored.client().ip()).isEqualTo(hostile.ip());
            assertThat(stored).isEqualTo(event);
        });
    }

    @Test
    void givenUserAgentAtItsLongestBound_whenRecorded_thenStoredWhole() {
        ClientInfo longest = new ClientInfo("198.51.100.1", "Mozilla/5.0 " + "x".repeat(ClientInfo.MAX_USER_AGENT));
        assertThat(longest.userAgent()).hasSize(ClientInfo.MAX_USER_AGENT);
        UserId user = UserId.random();
        AuditEvent event = new AuditEvent(AuditEventType.REGISTER, true, Fixtures.NOW, user, null, longest, null);

        trail.record(event);

        assertThat(recordedFor(user)).containsExactly(event);
    }

    @Test
    void givenEventsOfTwoUsers_whenOnePseudonymised_thenItsEventsNameThePseudonymAndTheOtherUsersAreUntouched() {
        UserId gone = UserId.random();
        UserId stays = UserId.random();
        UserId pseudonym = UserId.random();
        AuditEvent login =
                new AuditEvent(AuditEventType.LOGIN_SUCCESS, true, Fixtures.NOW, gone, null, Fixtures.CLIENT, null);
        AuditEvent other =
                new AuditEvent(AuditEventType.LOGIN_SUCCESS, true, Fixtures.NOW, stays, null, Fixtures.CLIENT, null);
        AuditEvent logout = new AuditEvent(
                AuditEventType.LOGOUT,
                true,
                Fixtures.NOW.plusSeconds(1),
                gone,
                SessionId.random(),
                Fixtures.CLIENT,
                null);
        trail.record(login);
        trail.record(other);
        trail.record(logout);

        assertThat(trail.pseudonymise(gone, pseudonym)).isEqualTo(2);

        assertThat(recordedFor(gone)).isEmpty();
        assertThat(recordedFor(pseudonym)).containsExactly(renamed(login, pseudonym), renamed(logout, pseudonym));
        assertThat(recordedFor(stays)).containsExactly(other);
    }

    private static AuditEvent renamed(AuditEvent e, UserId user) {
        return new AuditEvent(e.type(), e.success(), e.occurredAt(), user, e.sessionId(), e.client(), e.detail());
    }
}
