package io.gaara.application.contract.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.persistence.SessionPosition;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SessionRepository} must do; subclass it once per adapter. */
public abstract class SessionRepositoryContract {
    private static final Instant NOW = Fixtures.NOW;

    private UserRepository users;
    private SessionRepository sessions;
    private User owner;

    /** Both over the same empty storage (a session belongs to a stored user). */
    protected abstract UserRepository createUserRepository();

    protected abstract SessionRepository createSessionRepository();

    @BeforeEach
    void setUpRepositories() {
        users = createUserRepository();
        sessions = createSessionRepository();
        owner = Fixtures.user();
        users.add(owner);
    }

    @Test
    void givenAddedSession_whenFoundById_thenEveryFieldComesBack() {
        Session session = Session.start(
                SessionId.random(),
                owner.id(),
                TokenId.random(),
                NOW,
                Fixtures.POLICY,
                new ClientInfo("2001:db8::1", "Ünïcödé agent/1.0"));
        sessions.add(session);

        assertThat(sessions.findById(session.id())).contains(session);
        assertThat(sessions.findById(SessionId.random())).isEmpty();
    }

    @Test
    void givenCurrentToken_whenComparedAndRotated_thenRotatedSessionStored() {
        Session session = added(NOW);
        Session rotated = session.rotate(TokenId.random(), NOW.plusSeconds(60), Fixtures.POLICY);

        assertThat(sessions.compareAndRotate(rotated, session.currentTokenId())).isTrue();

        assertThat(sessions.findById(session.id())).contains(rotated);
    }

    @Test
    void givenSpentToken_whenComparedAndRotated_thenRefusedAndStoredSessionUnchanged() {
        Session session = added(NOW);
        Session first = session.rotate(TokenId.random(), NOW.plusSeconds(60), Fixtures.POLICY);
        assertThat(sessions.compareAndRotate(first, session.currentTokenId())).isTrue();

        Session replay = session.rotate(TokenId.random(), NOW.plusSeconds(120), Fixtures.POLICY);

        assertThat(sessions.compareAndRotate(replay, session.currentTokenId())).isFalse();
        assertThat(sessions.findById(session.id())).contains(first);
    }

    @Test
    void givenTwentyThreadsWithTheSameToken_whenAllRotateAtOnce_thenExactlyOneWins() throws Exception {
        Session session = added(NOW);

        List<Concurrently.Outcome<Session>> outcomes = Concurrently.run(20, () -> {
            Session rotated = session.rotate(TokenId.random(), NOW.plusSeconds(1), Fixtures.POLICY);
            return sessions.compareAndRotate(rotated, session.currentTokenId()) ? rotated : null;
        });

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
        List<Session> winners = outcomes.stream()
                .map(Concurrently.Outcome::value)
                .filter(v -> v != null)
                .toList();
        assertThat(winners).hasSize(1);
        assertThat(sessions.findById(session.id())).contains(winners.get(0));
    }

    @Test
    void givenRevokedSession_whenComparedAndRotatedWithItsCurrentToken_thenRefused() {
        Session session = added(NOW);
        assertThat(sessions.revoke(session.id(), NOW.plusSeconds(5), RevocationReason.LOGOUT))
                .isTrue();

        Session rotated = session.rotate(TokenId.random(), NOW.plusSeconds(10), Fixtures.POLICY);

        assertThat(sessions.compareAndRotate(rotated, session.currentTokenId())).isFalse();
        assertThat(sessions.findById(session.id())).map(Session::currentTokenId).contains(session.currentTokenId());
    }

    @Test
    void givenUnknownSession_whenComparedAndRotated_thenRefused() {
        Session stranger = Fixtures.session(owner.id(), NOW);

        assertThat(sessions.compareAndRotate(
                        stranger.rotate(TokenId.random(), NOW, Fixtures.POLICY), stranger.currentTokenId()))
                .isFalse();
        assertThat(sessions.findById(stranger.id())).isEmpty();
    }

    @Test
    void givenLiveSession_whenRevoked_thenRevokedWithTimeAndReasonAndSecondRevokeIsFalse() {
        Session session = added(NOW);
        Instant at = NOW.plusSeconds(30);

        assertThat(sessions.revoke(session.id(), at, RevocationReason.ENDED_BY_USER))
                .isTrue();
        assertThat(sessions.revoke(session.id(), at.plusSeconds(1), RevocationReason.LOGOUT))
                .isFalse();

        assertThat(sessions.findById(session.id())).contains(session.revoke(at, RevocationReason.ENDED_BY_USER));
        assertThat(sessions.revoke(SessionId.random(), at, RevocationReason.LOGOUT))
                .isFalse();
    }

    @Test
    void givenSeveralSessions_whenAllOfOneUserRevoked_thenOnlyHisLiveOnesEndAndTheirIdsComeBack() {
        Session a = added(NOW);
        Session b = added(NOW.plusSeconds(1));
        Session alreadyEnded = added(NOW.plusSeconds(2));
        sessions.revoke(alreadyEnded.id(), NOW.plusSeconds(3), RevocationReason.LOGOUT);
        User stranger = Fixtures.user();
        users.add(stranger);
        Session theirs = Fixtures.session(stranger.id(), NOW);
        sessions.add(theirs);
        Instant at = NOW.plusSeconds(10);

        List<SessionId> ended = sessions.revokeAllOf(owner.id(), at, RevocationReason.LOGOUT_ALL);

        assertThat(ended).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(sessions.findById(a.id())).contains(a.revoke(at, RevocationReason.LOGOUT_ALL));
        assertThat(sessions.findById(alreadyEnded.id()))
                .map(Session::revocationReason)
                .contains(RevocationReason.LOGOUT);
        assertThat(sessions.findById(theirs.id())).contains(theirs);
        assertThat(sessions.revokeAllOf(owner.id(), at, RevocationReason.LOGOUT_ALL))
                .isEmpty();
    }

    @Test
    void givenLiveRevokedAndExpiredSessions_whenActiveListed_thenOnlyLiveOnesNewestFirst() {
        Instant now = NOW.plus(Duration.ofHours(3));
        Session older = added(now.minus(Duration.ofMinutes(30)));
        Session newer = added(now.minus(Duration.ofMinutes(5)));
        Session revoked = added(now.minus(Duration.ofMinutes(10)));
        sessions.revoke(revoked.id(), now.minus(Duration.ofMinutes(1)), RevocationReason.LOGOUT);
        Session idleExpired = added(now.minus(Fixtures.POLICY.idleTimeout()));
        Session absoluteExpired = new Session(
                SessionId.random(),
                owner.id(),
                TokenId.random(),
                7,
                now.minus(Duration.ofDays(2)),
                now.minus(Duration.ofMinutes(1)),
                now.plus(Duration.ofMinutes(59)),
                now,
                null,
                null,
                Fixtures.CLIENT);
        sessions.add(absoluteExpired);
        User stranger = Fixtures.user();
        users.add(stranger);
        sessions.add(Fixtures.session(stranger.id(), now.minusSeconds(1)));

        List<Session> active = sessions.findActiveByUser(owner.id(), now);

        assertThat(active).containsExactly(newer, older);
        assertThat(idleExpired.isActive(now)).isFalse();
    }

    @Test
    void givenMoreLiveSessionsThanKept_whenOldestBeyondRevoked_thenOnlyTheOldestLiveOnesEndAndTheirIdsComeBack() {
        Instant now = NOW.plus(Duration.ofHours(2));
        Session oldest = added(now.minus(Duration.ofMinutes(50)));
        Session older = added(now.minus(Duration.ofMinutes(40)));
        Session kept1 = added(now.minus(Duration.ofMinutes(30)));
        Session kept2 = added(now.minus(Duration.ofMinutes(20)));
        Session kept3 = added(now.minus(Duration.ofMinutes(10)));
        // neither counts nor ends: already ended, or expired, or someone else's
        Session revoked = added(now.minus(Duration.ofMinutes(15)));
        sessions.revoke(revoked.id(), now.minus(Duration.ofMinutes(1)), RevocationReason.LOGOUT);
        Session expired = added(now.minus(Fixtures.POLICY.idleTimeout()).minusSeconds(1));
        User stranger = Fixtures.user();
        users.add(stranger);
        Session theirs = Fixtures.session(stranger.id(), now.minus(Duration.ofMinutes(55)));
        sessions.add(theirs);

        List<SessionId> ended = sessions.revokeOldestBeyond(owner.id(), 3, now, RevocationReason.SESSION_LIMIT);

        assertThat(ended).containsExactlyInAnyOrder(oldest.id(), older.id());
        assertThat(sessions.findById(oldest.id())).contains(oldest.revoke(now, RevocationReason.SESSION_LIMIT));
        assertThat(sessions.findActiveByUser(owner.id(), now)).containsExactly(kept3, kept2, kept1);
        assertThat(sessions.findById(revoked.id()))
                .map(Session::revocationReason)
                .contains(RevocationReason.LOGOUT);
        assertThat(sessions.findById(expired.id())).contains(expired);
        assertThat(sessions.findById(theirs.id())).contains(theirs);
        assertThat(sessions.revokeOldestBeyond(owner.id(), 3, now, RevocationReason.SESSION_LIMIT))
                .isEmpty();
    }

    @Test
    void givenSessionsStartedInTheSameInstant_whenOldestBeyondRevoked_thenTheSmallerIdEndsAsInTheListOrder() {
        Session a = added(NOW);
        Session b = added(NOW);
        List<Session> listed = sessions.findActiveByUser(owner.id(), NOW.plusSeconds(1));
        assertThat(listed).containsExactlyInAnyOrder(a, b);

        List<SessionId> ended =
                sessions.revokeOldestBeyond(owner.id(), 1, NOW.plusSeconds(1), RevocationReason.SESSION_LIMIT);

        assertThat(ended).containsExactly(listed.get(1).id());
        assertThat(listed.get(0).id().toString())
                .isGreaterThan(listed.get(1).id().toString());
    }

    @Test
    void givenSevenLiveSessions_whenPagedByThree_thenEachOnceNewestFirstAndTheLastPageShort() {
        Instant now = NOW.plus(Duration.ofMinutes(30));
        List<Session> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // two pairs share an instant: the id must break the tie the same way on every page
            all.add(added(NOW.plusSeconds(i / 2 * 2L + (i >= 4 ? i : 0))));
        }
        Session ended = added(NOW.plusSeconds(3));
        sessions.revoke(ended.id(), NOW.plusSeconds(4), RevocationReason.LOGOUT);
        List<Session> expected = sessions.findActiveByUser(owner.id(), now);
        assertThat(expected).containsExactlyInAnyOrderElementsOf(all);

        List<Session> paged = new ArrayList<>();
        Optional<SessionPosition> after = Optional.empty();
        List<Integer> sizes = new ArrayList<>();
        while (true) {
            List<Session> page = sessions.findActiveByUser(owner.id(), now, after, 3);
            sizes.add(page.size());
            paged.addAll(page);
            if (page.size() < 3) {
                break;
            }
            Session last = page.get(page.size() - 1);
            after = Optional.of(new SessionPosition(last.createdAt(), last.id()));
        }

        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(sizes).containsExactly(3, 3, 1);
    }

    @Test
    void givenSessionsAddedAndEndedBetweenPages_whenNextPageRead_thenNoneRepeatsAndNoOlderOneIsSkipped() {
        Instant now = NOW.plus(Duration.ofMinutes(30));
        for (int i = 0; i < 6; i++) {
            added(NOW.plusSeconds(i));
        }
        List<Session> before = sessions.findActiveByUser(owner.id(), now);
        List<Session> first = sessions.findActiveByUser(owner.id(), now, Optional.empty(), 2);
        assertThat(first).containsExactlyElementsOf(before.subList(0, 2));

        // logins meanwhile: newer than anything already listed
        Session newer = added(NOW.plusSeconds(10));
        added(NOW.plusSeconds(11));
        // and one already listed ends
        sessions.revoke(first.get(0).id(), NOW.plusSeconds(12), RevocationReason.ENDED_BY_USER);
        Session last = first.get(1);
        List<Session> rest = sessions.findActiveByUser(
                owner.id(), now, Optional.of(new SessionPosition(last.createdAt(), last.id())), 10);

        assertThat(rest).containsExactlyElementsOf(before.subList(2, 6));
        assertThat(rest).doesNotContain(newer);
    }

    private Session added(Instant startedAt) {
        Session session = Fixtures.session(owner.id(), startedAt);
        sessions.add(session);
        return session;
    }

    @Test
    void givenRevokedSessionsOfAUser_whenUserForgotten_thenRowsNameThePseudonymKeepNoClientAndStayRevoked() {
        User other = Fixtures.user();
        users.add(other);
        Session first = added(NOW);
        Session second = added(NOW.plusSeconds(1));
        Session kept = Fixtures.session(other.id(), NOW);
        sessions.add(kept);
        sessions.revokeAllOf(owner.id(), NOW.plusSeconds(2), RevocationReason.ACCOUNT_DELETED);
        UserId pseudonym = UserId.random();

        assertThat(sessions.forgetUser(owner.id(), pseudonym)).isEqualTo(2);

        for (Session before : List.of(first, second)) {
            assertThat(sessions.findById(before.id())).get().satisfies(after -> {
                assertThat(after.userId()).isEqualTo(pseudonym);
                assertThat(after.client().userAgent()).isEmpty();
                assertThat(after.client().ip()).isNotEqualTo(Fixtures.CLIENT.ip());
                assertThat(after.revokedAt()).isEqualTo(NOW.plusSeconds(2));
                assertThat(after.revocationReason()).isEqualTo(RevocationReason.ACCOUNT_DELETED);
            });
        }
        assertThat(sessions.findActiveByUser(owner.id(), NOW.plusSeconds(3))).isEmpty();
        assertThat(sessions.findById(kept.id())).contains(kept);
    }
}
