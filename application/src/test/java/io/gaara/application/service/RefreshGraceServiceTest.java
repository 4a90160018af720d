package io.gaara.application.service;

import static io.gaara.application.service.World.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.fakes.DelegatingSessionRepository;
import io.gaara.application.port.in.LogoutCommand;
import io.gaara.application.port.in.RefreshCommand;
import io.gaara.application.port.in.TokenPair;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reuse grace: the token spent by the latest rotation, presented again within the grace, is answered with the
 * family's current token issued again; outside the grace, or with none, it is reuse and ends the family.
 */
class RefreshGraceServiceTest {
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final ClientInfo ELSEWHERE = new ClientInfo("198.51.100.23", "other-agent/2.0");

    private final World w = new World(GRACE);

    private TokenPair refresh(TokenPair pair) {
        return refresh(pair, CLIENT);
    }

    private TokenPair refresh(TokenPair pair, ClientInfo client) {
        return w.refresh.refresh(new RefreshCommand(pair.refreshToken(), client));
    }

    private TokenId tokenIdOf(TokenPair pair) {
        return w.tokens.refreshTokens().verify(pair.refreshToken()).tokenId();
    }

    private Session stored(TokenPair pair) {
        return w.sessions.findById(pair.sessionId()).orElseThrow();
    }

    private List<AuditEvent> refreshesWithDetail(String detail) {
        return w.audit.eventsOf(AuditEventType.REFRESH).stream()
                .filter(e -> detail.equals(e.detail()))
                .toList();
    }

    @Test
    void givenLostRefreshResponse_whenSpentTokenRetriedWithinGrace_thenCurrentTokenReissuedAndItsPairWorks() {
        TokenPair first = w.loggedIn(w.registered("ann@example.com").email().value());
        TokenPair lost = refresh(first); // the server rotated, the client never saw this answer
        w.clock.advance(Duration.ofSeconds(2));

        TokenPair retry = refresh(first);

        assertThat(tokenIdOf(retry))
                .as("the retry carries the family's current token, not a new one")
                .isEqualTo(tokenIdOf(lost))
                .isEqualTo(stored(first).currentTokenId());
        assertThat(stored(first).generation()).as("nothing rotated").isEqualTo(2);
        assertThat(w.principalOf(retry).sessionId()).isEqualTo(first.sessionId());
        TokenPair next = refresh(retry);
        assertThat(w.principalOf(next).sessionId()).isEqualTo(first.sessionId());
        assertThat(stored(first).generation()).isEqualTo(3);
        assertThat(w.audit.eventsOf(AuditEventType.REFRESH_TOKEN_REUSE)).isEmpty();
        assertThat(refreshesWithDetail("reissued_within_grace")).hasSize(1);
    }

    @Test
    void givenSpentToken_whenRetriedTwiceWithinGraceFromElsewhere_thenSameTokenEachTimeAndTheWindowDoesNotMove() {
        TokenPair first = w.loggedIn(w.registered("ann@example.com").email().value());
        TokenPair lost = refresh(first);

        w.clock.advance(Duration.ofSeconds(2));
        TokenPair retry1 = refresh(first, ELSEWHERE);
        w.clock.advance(Duration.ofSeconds(2));
        TokenPair retry2 = refresh(first, ELSEWHERE);

        assertThat(List.of(tokenIdOf(retry1), tokenIdOf(retry2))).containsOnly(tokenIdOf(lost));
        assertThat(refreshesWithDetail("reissued_within_grace"))
                .as("each grace answer audited, with the retrying client's address and agent")
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.client()).isEqualTo(ELSEWHERE));

        // 5 s after the rotation, however many retries came in between: the grace is over
        w.clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> refresh(first)).isInstanceOf(InvalidRefreshTokenException.class);
        assertThat(stored(first).revocationReason()).isEqualTo(RevocationReason.REFRESH_TOKEN_REUSE);
        assertThatThrownBy(() -> w.principalOf(retry2)).isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void givenSpentToken_whenReplayedAfterTheGrace_thenFamilyRevokedAsWithoutGrace() {
        TokenPair first = w.loggedIn(w.registered("ann@example.com").email().value());
        TokenPair second = refresh(first);
        w.clock.advance(GRACE.plusMillis(1));

        assertThatThrownBy(() -> refresh(first)).isInstanceOf(InvalidRefreshTokenException.class);

        assertThat(stored(first).revocationReason()).isEqualTo(RevocationReason.REFRESH_TOKEN_REUSE);
        assertThat(w.revocations.isRevoked(first.sessionId())).isTrue();
        assertThatThrownBy(() -> w.principalOf(second)).isInstanceOf(InvalidAccessTokenException.class);
        assertThatThrownBy(() -> refresh(second)).isInstanceOf(InvalidRefreshTokenException.class);
        assertThat(w.audit.eventsOf(AuditEventType.REFRESH_TOKEN_REUSE))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("spent_token_presented"));
    }

    @Test
    void givenTokenSpentTwoRotationsAgo_whenPresentedWithinGrace_thenReuseEndsTheFamily() {
        TokenPair first = w.loggedIn(w.registered("ann@example.com").email().value());
        TokenPair second = refresh(first);
        TokenPair third = refresh(second);

        assertThatThrownBy(() -> refresh(first)).isInstanceOf(InvalidRefreshTokenException.class);

        assertThat(stored(first).revocationReason()).isEqualTo(RevocationReason.REFRESH_TOKEN_REUSE);
        assertThatThrownBy(() -> w.principalOf(third)).isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void givenNoGrace_whenSpentTokenRetriedAtOnce_thenFamilyRevoked() {
        World strict = new World();
        TokenPair first =
                strict.loggedIn(strict.registered("ann@example.com").email().value());
        TokenPair second = strict.refresh.refresh(new RefreshCommand(first.refreshToken(), CLIENT));

        assertThatThrownBy(() -> strict.refresh.refresh(new RefreshCommand(first.refreshToken(), CLIENT)))
                .isInstanceOf(InvalidRefreshTokenException.class);

        assertThat(strict.sessions.findById(first.sessionId()).orElseThrow().revocationReason())
                .isEqualTo(RevocationReason.REFRESH_TOKEN_REUSE);
        assertThatThrownBy(() -> strict.principalOf(second)).isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void givenTwinRequestWinsTheSwapAfterOurRead_whenWithinGrace_thenLoserGetsTheWinnersTokenAndFamilyLives() {
        TokenPair first = w.loggedIn(w.registered("ann@example.com").email().value());
        TokenId winnersToken = TokenId.random();
        RefreshSessionService loser = serviceOver(twinWinsTheSwap(w, winnersToken), w);

        TokenPair answer = loser.refresh(new RefreshCommand(first.refreshToken(), CLIENT));

        assertThat(tokenIdOf(answer))
                .isEqualTo(winnersToken)
                .isEqualTo(stored(first).currentTokenId());
        assertThat(stored(first).generation()).as("one rotation, the twin's").isEqualTo(2);
        assertThat(w.principalOf(answer).sessionId()).isEqualTo(first.sessionId());
        assertThat(w.audit.eventsOf(AuditEventType.REFRESH_TOKEN_REUSE)).isEmpty();
        assertThat(refreshesWithDetail("concurrent_reissued_within_grace")).hasSize(1);
        assertThat(w.principalOf(refresh(answer)).sessionId()).isEqualTo(first.sessionId());
    }

    @Test
    void givenTwinRequestWinsTheSwapAfterOurRead_whenNoGrace_thenFamilyRevokedAsConcurrentSpend() {
        World strict = new World();
        TokenPair first =
                strict.loggedIn(strict.registered("ann@example.com").email().value());
        RefreshSessionService loser = serviceOver(twinWinsTheSwap(strict, TokenId.random()), strict);

        assertThatThrownBy(() -> loser.refresh(new RefreshCommand(first.refreshToken(), CLIENT)))
                .isInstanceOf(InvalidRefreshTokenException.class);

        assertThat(strict.sessions.findById(first.sessionId()).orElseThrow().revocationReason())
                .isEqualTo(RevocationReason.REFRESH_TOKEN_REUSE);
        assertThat(strict.audit.eventsOf(AuditEventType.REFRESH_TOKEN_REUSE))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("concurrent_spend"));
    }

    @Test
    void givenNoGrace_whenTwinRotatesAfterOurClockReadAndBeforeOurRead_thenReuseEndsTheFamilyNotAReissue() {
        World strict = new World();
        TokenPair first =
                strict.loggedIn(strict.registered("ann@example.com").email().value());
        RefreshSessionService late = serviceOver(twinRotatesBeforeOurRead(strict), strict);

        assertThatThrownBy(() -> late.refresh(new RefreshCommand(first.refreshToken(), CLIENT)))
                .isInstanceOf(InvalidRefreshTokenException.class);

        assertThat(strict.sessions.findById(first.sessionId()).orElseThrow().revocationReason())
                .isEqualTo(RevocationReason.REFRESH_TOKEN_REUSE);
        assertThat(strict.audit.eventsOf(AuditEventType.REFRESH))
                .as("no grace answer in strict mode")
                .isEmpty();
    }

    @Test
    void givenReuseGrace_when20ThreadsRefreshOneTokenAtOnce_thenOneRotationAndEveryAnswerCarriesItsToken()
            throws Exception {
        List<TokenPair> answers = SessionLifecycleServiceTest.refreshConcurrently(w);

        assertThat(answers).as("every racer gets a usable pair").hasSize(20);
        SessionId session = answers.get(0).sessionId();
        Session stored = w.sessions.findById(session).orElseThrow();
        assertThat(stored.generation()).as("exactly one rotation").isEqualTo(2);
        assertThat(answers).extracting(this::tokenIdOf).containsOnly(stored.currentTokenId());
        assertThat(w.audit.eventsOf(AuditEventType.REFRESH))
                .filteredOn(e -> e.detail() == null)
                .hasSize(1);
        assertThat(w.audit.eventsOf(AuditEventType.REFRESH_TOKEN_REUSE)).isEmpty();
        assertThat(w.principalOf(refresh(answers.get(7))).sessionId()).isEqualTo(session);
    }

    @Test
    void givenSpentTokenWithinGrace_whenUsedToLogOut_thenAnOrdinaryLogout() {
        TokenPair first = w.loggedIn(w.registered("ann@example.com").email().value());
        TokenPair lost = refresh(first);

        w.logout.logout(new LogoutCommand(first.refreshToken(), CLIENT));

        assertThat(stored(first).revocationReason()).isEqualTo(RevocationReason.LOGOUT);
        assertThat(w.audit.eventsOf(AuditEventType.REFRESH_TOKEN_REUSE)).isEmpty();
        assertThatThrownBy(() -> w.principalOf(lost)).isInstanceOf(InvalidAccessTokenException.class);
    }

    private static RefreshSessionService serviceOver(SessionRepository repository, World world) {
        return new RefreshSessionService(
                repository,
                world.users,
                world.tokens.accessTokens(),
                world.tokens.refreshTokens(),
                world.revocations,
                world.audit,
                world.db,
                world.securityLog,
                world.sessionPolicy,
                world.clock);
    }

    /**
     * The repository as a twin request leaves it when it commits its rotation, a moment later on the clock, after our
     * request read the clock and before it reads the session.
     */
    private static SessionRepository twinRotatesBeforeOurRead(World world) {
        return new DelegatingSessionRepository(world.sessions) {
            private boolean rotated;

            @Override
            public Optional<Session> findById(SessionId id) {
                if (!rotated) {
                    rotated = true;
                    world.clock.advance(Duration.ofMillis(1));
                    Session read = world.sessions.findById(id).orElseThrow();
                    Session twins = read.rotate(TokenId.random(), world.clock.instant(), world.sessionPolicy);
                    assertThat(world.sessions.compareAndRotate(twins, read.currentTokenId()))
                            .isTrue();
                }
                return world.sessions.findById(id);
            }
        };
    }

    /** The repository as a twin request leaves it: it spent the same token between our read and our swap. */
    private static SessionRepository twinWinsTheSwap(World world, TokenId winnersToken) {
        return new DelegatingSessionRepository(world.sessions) {
            @Override
            public boolean compareAndRotate(Session rotated, TokenId expectedCurrent) {
                Session read = world.sessions.findById(rotated.id()).orElseThrow();
                Session twins = read.rotate(winnersToken, world.clock.instant(), world.sessionPolicy);
                assertThat(world.sessions.compareAndRotate(twins, expectedCurrent))
                        .isTrue();
                return world.sessions.compareAndRotate(rotated, expectedCurrent);
            }
        };
    }
}
