package io.gaara.application.service;

import static io.gaara.application.service.World.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.port.in.ListSessionsQuery;
import io.gaara.application.port.in.LogoutCommand;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.in.RefreshCommand;
import io.gaara.application.port.in.SessionPage;
import io.gaara.application.port.in.SessionView;
import io.gaara.application.port.in.TokenPair;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cap on live sessions per user, as a login applies it, and the list of sessions a page at a time. */
class SessionCapAndPagesTest {

    @Test
    void givenACapOfTwo_whenAThirdLoginSucceeds_thenTheOldestSessionEndsForGoodAndIsAudited() {
        World w = World.withSessionCap(2);
        var ann = w.registered("ann@example.com");
        TokenPair oldest = w.loggedIn("ann@example.com");
        w.clock.advance(Duration.ofSeconds(1));
        TokenPair middle = w.loggedIn("ann@example.com");
        w.clock.advance(Duration.ofSeconds(1));
        TokenPair newest = w.loggedIn("ann@example.com");

        assertThat(w.sessions.findById(oldest.sessionId()).orElseThrow().revocationReason())
                .isEqualTo(RevocationReason.SESSION_LIMIT);
        assertThat(w.revocations.isRevoked(oldest.sessionId())).as("announced").isTrue();
        assertThatThrownBy(() -> w.principalOf(oldest)).isInstanceOf(InvalidAccessTokenException.class);
        assertThatThrownBy(() -> w.refresh.refresh(new RefreshCommand(oldest.refreshToken(), CLIENT)))
                .isInstanceOf(InvalidRefreshTokenException.class);
        assertThat(firstPage(w, w.principalOf(newest)).sessions())
                .extracting(SessionView::id)
                .containsExactly(newest.sessionId(), middle.sessionId());
        List<AuditEvent> evicted = w.audit.eventsOf(AuditEventType.SESSION_EVICTED);
        assertThat(evicted).singleElement().satisfies(e -> {
            assertThat(e.sessionId()).isEqualTo(oldest.sessionId());
            assertThat(e.userId()).isEqualTo(ann.id());
            assertThat(e.detail()).isEqualTo("session_limit");
        });
    }

    @Test
    void givenSessionsOfAnotherUserAndEndedOnes_whenALoginChecksTheCap_thenOnlyTheUsersLiveSessionsCount() {
        World w = World.withSessionCap(2);
        w.registered("ann@example.com");
        w.registered("bob@example.com");
        TokenPair bob1 = w.loggedIn("bob@example.com");
        TokenPair bob2 = w.loggedIn("bob@example.com");
        TokenPair ann1 = w.loggedIn("ann@example.com");
        w.logout.logout(new LogoutCommand(ann1.refreshToken(), CLIENT));
        TokenPair ann2 = w.loggedIn("ann@example.com");
        TokenPair ann3 = w.loggedIn("ann@example.com");

        assertThat(w.audit.eventsOf(AuditEventType.SESSION_EVICTED)).isEmpty();
        for (TokenPair live : List.of(bob1, bob2, ann2, ann3)) {
            assertThat(w.principalOf(live)).isNotNull();
        }
    }

    @Test
    void givenSevenSessions_whenPagedByThreeWithLoginsBetweenPages_thenEachOnceAndTheLastPageHasNoCursor() {
        World w = new World();
        w.registered("ann@example.com");
        List<SessionId> before = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            before.add(0, w.loggedIn("ann@example.com").sessionId());
            w.clock.advance(Duration.ofSeconds(1));
        }
        Principal ann = w.principalOf(w.loggedIn("ann@example.com"));
        before.add(0, ann.sessionId());

        List<SessionId> listed = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        List<Integer> sizes = new ArrayList<>();
        do {
            SessionPage page = w.listSessions.listSessions(new ListSessionsQuery(ann, 3, cursor));
            sizes.add(page.sessions().size());
            page.sessions().forEach(s -> listed.add(s.id()));
            cursor = page.nextCursor();
            // logins between pages: newer than any page already read, so they move nothing
            w.clock.advance(Duration.ofSeconds(1));
            w.loggedIn("ann@example.com");
        } while (cursor.isPresent());

        assertThat(listed).containsExactlyElementsOf(before);
        assertThat(sizes).containsExactly(3, 3, 2);
    }

    @Test
    void givenExactlyAPageOfSessions_whenListed_thenNoCursorPointsAtAnEmptyPage() {
        World w = new World();
        w.registered("ann@example.com");
        w.loggedIn("ann@example.com");
        Principal ann = w.principalOf(w.loggedIn("ann@example.com"));

        SessionPage page = w.listSessions.listSessions(new ListSessionsQuery(ann, 2, Optional.empty()));

        assertThat(page.sessions()).hasSize(2);
        assertThat(page.nextCursor()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not a cursor",
                "AAAA",
                // 28 bytes, the nanoseconds past a second
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAO5rKAA",
            })
    void givenACursorThisServerDidNotGive_whenListed_thenInvalidValue(String cursor) {
        World w = new World();
        w.registered("ann@example.com");
        Principal ann = w.principalOf(w.loggedIn("ann@example.com"));

        assertThatThrownBy(() -> w.listSessions.listSessions(new ListSessionsQuery(ann, 1, Optional.of(cursor))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("cursor");
    }

    @Test
    void givenAGenuineCursorSpelledAnotherWay_whenListed_thenInvalidValue() {
        World w = new World();
        w.registered("ann@example.com");
        w.loggedIn("ann@example.com");
        Principal ann = w.principalOf(w.loggedIn("ann@example.com"));
        String cursor = w.listSessions
                .listSessions(new ListSessionsQuery(ann, 1, Optional.empty()))
                .nextCursor()
                .orElseThrow();
        assertThat(w.listSessions
                        .listSessions(new ListSessionsQuery(ann, 1, Optional.of(cursor)))
                        .sessions())
                .hasSize(1);

        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(cursor.charAt(cursor.length() - 1));
        // 28 bytes leave 4 unused bits in the last character: setting one decodes to the same bytes
        String flipped = cursor.substring(0, cursor.length() - 1) + alphabet.charAt(last | 1);
        for (String other : List.of(cursor + "==", cursor + "=", flipped, cursor.replace('-', '+'))) {
            if (other.equals(cursor)) {
                continue;
            }
            assertThatThrownBy(() -> w.listSessions.listSessions(new ListSessionsQuery(ann, 1, Optional.of(other))))
                    .as(other)
                    .isInstanceOf(InvalidValueException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, ListSessionsQuery.MAX_LIMIT + 1})
    void givenALimitOutOfRange_whenTheQueryIsMade_thenInvalidValue(int limit) {
        Principal someone = new Principal(UserId.random(), SessionId.random());

        assertThatThrownBy(() -> new ListSessionsQuery(someone, limit, Optional.empty()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("limit");
    }

    private static SessionPage firstPage(World w, Principal principal) {
        return w.listSessions.listSessions(ListSessionsQuery.firstPage(principal));
    }
}
