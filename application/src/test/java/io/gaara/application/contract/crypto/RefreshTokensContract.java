package io.gaara.application.contract.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.ExpiredRefreshTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.port.out.crypto.IssuedToken;
import io.gaara.application.port.out.crypto.RefreshTokenClaims;
import io.gaara.application.port.out.crypto.RefreshTokens;
import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.UserId;
import io.gaara.testsupport.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RefreshTokens} must do; subclass it once per implementation. */
public abstract class RefreshTokensContract {
    /** Whole seconds, because JWT dates are. */
    protected static final Instant START = Instant.parse("2025-06-01T10:00:00Z");

    protected static final Duration LIFETIME = Duration.ofDays(30);
    /** Beyond any clock skew an implementation may forgive. */
    protected static final Duration WELL_PAST = Duration.ofMinutes(2);

    protected MutableClock clock;
    protected RefreshTokens tokens;

    /** A fresh instance whose notion of now is {@code clock}. */
    protected abstract RefreshTokens createRefreshTokens(Clock clock);

    @BeforeEach
    void createSubject() {
        clock = new MutableClock(START);
        tokens = createRefreshTokens(clock);
    }

    protected static RefreshTokenClaims claims() {
        return new RefreshTokenClaims(SessionId.random(), TokenId.random(), UserId.random(), START.plus(LIFETIME));
    }

    @Test
    void givenIssuedToken_whenVerified_thenSameClaimsComeBack() {
        RefreshTokenClaims claims = claims();

        IssuedToken issued = tokens.issue(claims);

        assertThat(tokens.verify(issued.value())).isEqualTo(claims);
        assertThat(issued.expiresAt()).isEqualTo(claims.expiresAt());
    }

    @Test
    void givenTwoTokensOfOneFamily_whenVerified_thenEachNamesItsOwnTokenId() {
        RefreshTokenClaims first = claims();
        RefreshTokenClaims second =
                new RefreshTokenClaims(first.sessionId(), TokenId.random(), first.userId(), first.expiresAt());

        assertThat(tokens.verify(tokens.issue(first).value()).tokenId()).isEqualTo(first.tokenId());
        assertThat(tokens.verify(tokens.issue(second).value()).tokenId()).isEqualTo(second.tokenId());
    }

    @Test
    void givenIssuedToken_whenOneSecondBeforeExpiry_thenStillAccepted() {
        RefreshTokenClaims claims = claims();
        String token = tokens.issue(claims).value();

        clock.advance(LIFETIME.minusSeconds(1));

        assertThat(tokens.verify(token)).isEqualTo(claims);
    }

    @Test
    void givenIssuedToken_whenWellPastExpiry_thenRefused() {
        String token = tokens.issue(claims()).value();

        clock.advance(LIFETIME.plus(WELL_PAST));

        // told apart from a forgery: the security log counts forgeries, not the expiry a returning client meets
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(ExpiredRefreshTokenException.class);
    }

    @Test
    void givenTamperedTokenWellPastExpiry_whenVerified_thenRefusedAsInvalidNotAsExpired() {
        String token = tokens.issue(claims()).value();
        int i = token.length() / 2;
        String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

        clock.advance(LIFETIME.plus(WELL_PAST));

        assertThatThrownBy(() -> tokens.verify(tampered))
                .isInstanceOf(InvalidRefreshTokenException.class)
                .isNotInstanceOf(ExpiredRefreshTokenException.class);
    }

    @Test
    void givenIssuedToken_whenOneCharacterChanged_thenRefused() {
        String token = tokens.issue(claims()).value();
        // The middle, not the end: the last base64url character of a signature carries padding bits.
        int i = token.length() / 2;
        String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

        assertThatThrownBy(() -> tokens.verify(tampered)).isInstanceOf(InvalidRefreshTokenException.class);
    }

    @Test
    void givenNoOrGarbageToken_whenVerified_thenRefusedWithoutEchoingIt() {
        for (String garbage :
                new String[] {null, "", " ", "not-a-token", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "x".repeat(100_000)}) {
            assertThatThrownBy(() -> tokens.verify(garbage))
                    .isInstanceOf(InvalidRefreshTokenException.class)
                    .isNotInstanceOf(ExpiredRefreshTokenException.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain("not-a-token")
                            .doesNotContain("eyJ"));
        }
    }

    @Test
    void givenIssuedToken_whenPrinted_thenValueRedacted() {
        IssuedToken issued = tokens.issue(claims());

        assertThat(issued.toString()).doesNotContain(issued.value());
    }
}
