package io.gaara.application.service;

import static io.gaara.application.service.World.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.SessionNotFoundException;
import io.gaara.application.port.in.AuthenticateCommand;
import io.gaara.application.port.in.DeleteAccountCommand;
import io.gaara.application.port.in.EndSessionCommand;
import io.gaara.application.port.in.LogoutCommand;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.in.RefreshCommand;
import io.gaara.application.port.in.TokenPair;
import io.gaara.application.port.out.crypto.RefreshTokenClaims;
import io.gaara.application.port.out.persistence.FailedTokenUseCount;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.FailedTokenUse;
import io.gaara.domain.Password;
import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each failed token use the use cases see is counted in the security log per client address and kind, no more. */
class SecurityLogServiceTest {
    private static final ClientInfo ATTACKER = new ClientInfo("198.51.100.66", "curl/8");
    private static final ClientInfo OTHER = new ClientInfo("2001:db8::7", "curl/8");

    private final World w = new World();

    private List<FailedTokenUseCount> logged() {
        assertThat(w.securityLog.flush().failure()).isNull();
        return w.failedTokenUses.since(Instant.EPOCH);
    }

    @Test
    void givenForgedAccessTokens_whenPresented_thenCountedPerAddress() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> w.authenticate.authenticate(new AuthenticateCommand("at.forged", ATTACKER)))
                    .isInstanceOf(InvalidAccessTokenException.class);
        }
        assertThatThrownBy(() -> w.authenticate.authenticate(new AuthenticateCommand("eyJ.garbage.x", OTHER)))
                .isInstanceOf(InvalidAccessTokenException.class);

        assertThat(logged())
                .extracting(FailedTokenUseCount::kind, FailedTokenUseCount::clientIp, FailedTokenUseCount::count)
                .containsExactlyInAnyOrder(
                        tuple(FailedTokenUse.ACCESS_TOKEN_INVALID, ATTACKER.ip(), 3L),
                        tuple(FailedTokenUse.ACCESS_TOKEN_INVALID, OTHER.ip(), 1L));
    }

    @Test
    void givenGenuineButExpiredOrRevokedAccessToken_orNoToken_whenPresented_thenRefusedButNotCounted() {
        w.registered("ann@example.com");
        TokenPair expiring = w.loggedIn("ann@example.com");
        TokenPair revoked = w.loggedIn("ann@example.com");
        w.logout.logout(new LogoutCommand(revoked.refreshToken(), CLIENT));
        w.clock.advance(Duration.ofMinutes(16));

        assertThatThrownBy(() -> w.authenticate.authenticate(new AuthenticateCommand(expiring.accessToken(), CLIENT)))
                .isInstanceOf(InvalidAccessTokenException.class);
        assertThatThrownBy(() -> w.authenticate.authenticate(new AuthenticateCommand(" ", CLIENT)))
                .isInstanceOf(InvalidAccessTokenException.class);

        assertThat(logged()).isEmpty();
    }

    @Test
    void givenGarbageRefreshTokens_whenRefreshedOrLoggedOut_thenCountedPerKindAndAddress() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> w.refresh.refresh(new RefreshCommand("rt.forged", ATTACKER)))
                    .isInstanceOf(InvalidRefreshTokenException.class);
        }
        assertThatThrownBy(() -> w.logout.logout(new LogoutCommand("not-a-token", ATTACKER)))
                .isInstanceOf(InvalidRefreshTokenException.class);

        assertThat(logged())
                .extracting(FailedTokenUseCount::kind, FailedTokenUseCount::clientIp, FailedTokenUseCount::count)
                .containsExactlyInAnyOrder(
                        tuple(FailedTokenUse.REFRESH_TOKEN_INVALID, ATTACKER.ip(), 2L),
                        tuple(FailedTokenUse.LOGOUT_TOKEN_INVALID, ATTACKER.ip(), 1L));
    }

    @Test
    void givenGenuinelySignedTokenNamingNoSession_whenRefreshedOrLoggedOut_thenCountedAsUnknown() {
        // what only a holder of the signing key can make
        String minted = w.tokens
                .refreshTokens()
                .issue(new RefreshTokenClaims(
                        SessionId.random(),
                        TokenId.random(),
                        UserId.random(),
                        w.clock.instant().plus(Duration.ofDays(1))))
                .value();

        assertThatThrownBy(() -> w.refresh.refresh(new RefreshCommand(minted, ATTACKER)))
                .isInstanceOf(InvalidRefreshTokenException.class);
        w.logout.logout(new LogoutCommand(minted, ATTACKER));

        assertThat(logged())
                .extracting(FailedTokenUseCount::kind, FailedTokenUseCount::clientIp, FailedTokenUseCount::count)
                .containsExactlyInAnyOrder(
                        tuple(FailedTokenUse.REFRESH_TOKEN_UNKNOWN, ATTACKER.ip(), 1L),
                        tuple(FailedTokenUse.LOGOUT_TOKEN_UNKNOWN, ATTACKER.ip(), 1L));
    }

    @Test
    void givenExpiredRefreshToken_orAnotherUsersGenuineOne_orADeletedAccountsOne_whenUsed_thenNotCounted() {
        w.registered("ann@example.com");
        TokenPair ann = w.loggedIn("ann@example.com");
        w.registered("bob@example.com");
        TokenPair bob = w.loggedIn("bob@example.com");
        // an ordinary logout by someone holding a genuine token: not a failure
        w.logout.logout(new LogoutCommand(ann.refreshToken(), CLIENT));
        w.deleteAccount.deleteAccount(
                new DeleteAccountCommand(w.principalOf(bob), new Password(World.PASSWORD), CLIENT));
        // a deleted account's client logging out afterwards: the tombstone names a pseudonym
        w.logout.logout(new LogoutCommand(bob.refreshToken(), CLIENT));
        w.clock.advance(Duration.ofDays(31));

        assertThatThrownBy(() -> w.refresh.refresh(new RefreshCommand(ann.refreshToken(), CLIENT)))
                .isInstanceOf(InvalidRefreshTokenException.class);
        assertThatThrownBy(() -> w.logout.logout(new LogoutCommand(ann.refreshToken(), CLIENT)))
                .isInstanceOf(InvalidRefreshTokenException.class);

        assertThat(logged()).isEmpty();
    }

    @Test
    void givenAnotherUsersSessionOrAMadeUpOne_whenEnded_thenCountedButOwnEndedSessionIsNot() {
        w.registered("ann@example.com");
        TokenPair ann = w.loggedIn("ann@example.com");
        TokenPair annElsewhere = w.loggedIn("ann@example.com");
        w.registered("eve@example.com");
        Principal eve = w.principalOf(w.loggedIn("eve@example.com"));

        assertThatThrownBy(() -> w.endSession.endSession(new EndSessionCommand(eve, ann.sessionId(), ATTACKER)))
                .isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> w.endSession.endSession(new EndSessionCommand(eve, SessionId.random(), ATTACKER)))
                .isInstanceOf(SessionNotFoundException.class);
        Principal annPrincipal = w.principalOf(ann);
        w.endSession.endSession(new EndSessionCommand(annPrincipal, annElsewhere.sessionId(), CLIENT));
        assertThatThrownBy(() ->
                        w.endSession.endSession(new EndSessionCommand(annPrincipal, annElsewhere.sessionId(), CLIENT)))
                .as("ending one's own session twice is a double click, not an attack")
                .isInstanceOf(SessionNotFoundException.class);

        assertThat(w.sessions.findById(ann.sessionId()).orElseThrow().revokedAt())
                .isNull();
        assertThat(logged())
                .extracting(FailedTokenUseCount::kind, FailedTokenUseCount::clientIp, FailedTokenUseCount::count)
                .containsExactly(tuple(FailedTokenUse.FOREIGN_SESSION_END, ATTACKER.ip(), 2L));
    }
}
