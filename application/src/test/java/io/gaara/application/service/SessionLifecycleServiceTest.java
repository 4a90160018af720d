package io.gaara.application.service;

import static io.gaara.application.service.World.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.SessionNotFoundException;
import io.gaara.application.fakes.DelegatingSessionRepository;
import io.gaara.application.port.in.EndSessionCommand;
import io.gaara.application.port.in.ListSessionsQuery;
import io.gaara.application.port.in.LogoutAllCommand;
import io.gaara.application.port.in.LogoutCommand;
import io.gaara.application.port.in.RefreshCommand;
import io.gaara.application.port.in.SessionView;
import io.gaara.application.port.in.TokenPair;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.TokenId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SessionLifecycleServiceTest {
    private final World w = new World();

    private TokenPair refresh(TokenPair pair) {
        return w.refresh.refresh(new RefreshCommand(pair.refreshToken(), CLIENT));
    }

    @Test
    void givenCurrentRefreshToken_whenRefreshed_thenNewPairSameSessionAndOldSpent() {
        w.registered("ann@example.com");
        TokenPair first = w.loggedIn("ann@example.com");
        TokenPair second = refresh(first);
        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(w.sessions.findById(first.sessionId()).orElseThrow().generation())
                .isEqualTo(2);
        assertThat(w.audit.eventsOf(AuditEventType.REFRESH)).hasSize(1);
        assertThat(refresh(second).sessionId()).isEqualTo(first.sessionId());
    }

    @Test
    void givenSpentRefreshToken_whenReused_thenWholeFamilyRevokedAndAudited() {
        w.registered("ann@example.com");
        TokenPair first = w.loggedIn("ann@example.com");
        TokenPair second = refresh(first);

        assertThatThrownBy(() -> refresh(first)).isInstanceOf(InvalidRefreshTokenException.class);

        var session = w.sessions.findById(first.sessionId()).orElseThrow();
        assertThat(session.revocationReason()).isEqualTo(RevocationReason.REFRESH_TOKEN_REUSE);
        assertThat(w.revocations.isRevoked(first.sessionId())).isTrue();
        assertThat(w.audit.eventsOf(AuditEventType.REFRESH_TOKEN_REUSE))
                .singleElement()
                .satisfies(e -> assertThat(e.sessionId()).isEqualTo(first.sessionId()));
        assertThatThrownBy(() -> refresh(second)).isInstanceOf(InvalidRefreshTokenException.class);
        assertThatThrownBy(() -> w.principalOf(second)).isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void givenLogoutCommittedBetweenRefreshReadAndSwap_whenRefreshLoses_thenNotRecordedAsTheftAndLogoutStands() {
        TokenPair pair = w.loggedIn(w.registered("racer@example.com").email().value());
        // the repository as a logout racing the refresh leaves it: ended just before the conditional swap
        SessionRepository racing = new DelegatingSessionRepository(w.sessions) {
            @Override
            public boolean compareAndRotate(Session rotated, TokenId expectedCurrent) {
                w.sessions.revoke(rotated.id(), w.clock.instant(), RevocationReason.LOGOUT);
                return w.sessions.compareAndRotate(rotated, expectedCurrent);
            }
        };
        RefreshSessionService refresh = new RefreshSessionService(
                racing,
                w.users,
                w.tokens.accessTokens(),
                w.tokens.refreshTokens(),
                w.revocations,
                w.audit,
                w.db,
                w.securityLog,
                w.sessionPolicy,
                w.clock);

        assertThatThrownBy(() -> refresh.refresh(new RefreshCommand(pair.refreshToken(), World.CLIENT)))
                .isInstanceOf(InvalidRefreshTokenException.class);

        assertThat(w.audit.eventsOf(AuditEventType.REFRESH_TOKEN_REUSE))
                .as("no theft recorded")
                .isEmpty();
        assertThat(w.sessions.findById(pair.sessionId()).orElseThrow().revocationReason())
                .isEqualTo(RevocationReason.LOGOUT);
        assertThat(w.audit.eventsOf(AuditEventType.REFRESH_FAILURE))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("session_revoked"));
    }

    @Test
    void givenOneRefreshToken_when20ThreadsRefreshAtOnce_thenExactlyOneSucceedsAndStrictModeEndsTheFamily()
            throws Exception {
        List<TokenPair> winners = refreshConcurrently(w);
        assertThat(winners).hasSize(1);
        // strict (no grace): the losers presented a spent token, so even the winner's pair is dead
        assertThatThrownBy(() -> w.principalOf(winners.get(0))).isInstanceOf(InvalidAccessTokenException.class);
        assertThatThrownBy(() -> refresh(winners.get(0))).isInstanceOf(InvalidRefreshTokenException.class);
    }

    @Test
    void givenSpentRefreshToken_whenUsedToLogOut_thenSessionEndedAsReuseAndAudited() {
        w.registered("ann@example.com");
        TokenPair first = w.loggedIn("ann@example.com");
        TokenPair second = refresh(first);

        w.logout.logout(new LogoutCommand(first.refreshToken(), CLIENT));

        assertThat(w.sessions.findById(first.sessionId()).orElseThrow().revocationReason())
                .isEqualTo(RevocationReason.REFRESH_TOKEN_REUSE);
        assertThat(w.audit.eventsOf(AuditEventType.REFRESH_TOKEN_REUSE)).hasSize(1);
        assertThat(w.audit.eventsOf(AuditEventType.LOGOUT)).isEmpty();
        assertThatThrownBy(() -> w.principalOf(second)).isInstanceOf(InvalidAccessTokenException.class);
    }

    /** 20 threads refresh one login's token at once; returns the pairs they got (refusals left out). */
    static List<TokenPair> refreshConcurrently(World world) throws Exception {
        world.registered("ann@example.com");
        TokenPair pair = world.loggedIn("ann@example.com");
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TokenPair>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                start.await();
                try {
                    return world.refresh.refresh(new RefreshCommand(pair.refreshToken(), CLIENT));
                } catch (InvalidRefreshTokenException e) {
                    return null;
                }
            }));
        }
        start.countDown();
        List<TokenPair> winners = new ArrayList<>();
        for (Future<TokenPair> f : results) {
            if (f.get() != null) {
                winners.add(f.get());
            }
        }
        pool.shutdown();
        return winners;
    }

    @Test
    void givenSessionUnusedPastIdleTimeout_whenRefreshed_thenRefused() {
        w.registered("ann@example.com");
        TokenPair pair = w.loggedIn("ann@example.com");
        w.clock.advance(Duration.ofDays(13));
        TokenPair renewed = refresh(pair);
        w.clock.advance(Duration.ofDays(14).plusSeconds(1));
        assertThatThrownBy(() -> refresh(renewed)).isInstanceOf(InvalidRefreshTokenException.class);
    }

    @Test
    void givenSessionKeptBusy_whenAbsoluteLifetimePasses_thenRefused() {
        w.registered("ann@example.com");
        TokenPair pair = w.loggedIn("ann@example.com");
        for (int day = 0; day < 29; day += 7) {
            w.clock.advance(Duration.ofDays(7));
            if (day + 7 >= 30) {
                break;
            }
            pair = refresh(pair);
        }
        w.clock.advance(Duration.ofDays(3));
        TokenPair last = pair;
        assertThatThrownBy(() -> refresh(last)).isInstanceOf(InvalidRefreshTokenException.class);
    }

    @Test
    void givenSession_whenLogout_thenAccessAndRefreshRefusedAndLogoutIsIdempotent() {
        w.registered("ann@example.com");
        TokenPair pair = w.loggedIn("ann@example.com");
        w.logout.logout(new LogoutCommand(pair.refreshToken(), CLIENT));
        assertThatThrownBy(() -> w.principalOf(pair)).isInstanceOf(InvalidAccessTokenException.class);
        assertThatThrownBy(() -> refresh(pair)).isInstanceOf(InvalidRefreshTokenException.class);
        w.logout.logout(new LogoutCommand(pair.refreshToken(), CLIENT));
        assertThat(w.audit.eventsOf(AuditEventType.LOGOUT)).hasSize(1);
    }

    @Test
    void givenTwoUsers_whenOneLogsOutEverywhere_thenOnlyTheirSessionsEnd() {
        w.registered("ann@example.com");
        w.registered("bob@example.com");
        TokenPair annPhone = w.loggedIn("ann@example.com");
        TokenPair annLaptop = w.loggedIn("ann@example.com");
        TokenPair bob = w.loggedIn("bob@example.com");

        int ended = w.logoutAll.logoutAll(new LogoutAllCommand(w.principalOf(annLaptop), CLIENT));

        assertThat(ended).isEqualTo(2);
        assertThatThrownBy(() -> w.principalOf(annPhone)).isInstanceOf(InvalidAccessTokenException.class);
        assertThatThrownBy(() -> w.principalOf(annLaptop)).isInstanceOf(InvalidAccessTokenException.class);
        assertThat(w.principalOf(bob)).isNotNull();
        assertThat(w.audit.eventsOf(AuditEventType.LOGOUT_ALL)).hasSize(1);
    }

    @Test
    void givenTwoSessions_whenListedAndOneEnded_thenListShrinksAndOthersSessionsUntouchable() {
        w.registered("ann@example.com");
        w.registered("bob@example.com");
        TokenPair phone = w.loggedIn("ann@example.com");
        w.clock.advance(Duration.ofSeconds(1));
        TokenPair laptop = w.loggedIn("ann@example.com");
        TokenPair bob = w.loggedIn("bob@example.com");

        List<SessionView> listed = w.listSessions
                .listSessions(ListSessionsQuery.firstPage(w.principalOf(laptop)))
                .sessions();
        assertThat(listed).extracting(SessionView::id).containsExactly(laptop.sessionId(), phone.sessionId());
        assertThat(listed).extracting(SessionView::current).containsExactly(true, false);
        assertThat(listed.get(0).ip()).isEqualTo(CLIENT.ip());

        assertThatThrownBy(() ->
                        w.endSession.endSession(new EndSessionCommand(w.principalOf(laptop), bob.sessionId(), CLIENT)))
                .isInstanceOf(SessionNotFoundException.class);
        assertThat(w.principalOf(bob)).isNotNull();

        w.endSession.endSession(new EndSessionCommand(w.principalOf(laptop), phone.sessionId(), CLIENT));
        assertThat(w.listSessions
                        .listSessions(ListSessionsQuery.firstPage(w.principalOf(laptop)))
                        .sessions())
                .extracting(SessionView::id)
                .containsExactly(laptop.sessionId());
        assertThatThrownBy(() -> w.principalOf(phone)).isInstanceOf(InvalidAccessTokenException.class);
        assertThat(w.audit.eventsOf(AuditEventType.SESSION_ENDED)).hasSize(1);
    }

    @Test
    void givenAccessTokenPastLifetime_whenAuthenticated_thenRefused() {
        w.registered("ann@example.com");
        TokenPair pair = w.loggedIn("ann@example.com");
        w.clock.advance(Duration.ofMinutes(16));
        assertThatThrownBy(() -> w.principalOf(pair)).isInstanceOf(InvalidAccessTokenException.class);
    }
}
