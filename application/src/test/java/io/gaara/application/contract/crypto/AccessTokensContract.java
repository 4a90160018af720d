package io.gaara.application.contract.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.ExpiredAccessTokenException;
import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.port.out.crypto.AccessTokenClaims;
import io.gaara.application.port.out.crypto.AccessTokens;
import io.gaara.application.port.out.crypto.IssuedToken;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import io.gaara.testsupport.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AccessTokens} must do; subclass it once per implementation. */
public abstract class AccessTokensContract {
    /** Whole seconds, because JWT dates are. */
    protected static final Instant START = Instant.parse("2025-06-01T10:00:00Z");
    /** Beyond any clock skew an implementation may forgive. */
    protected static final Duration WELL_PAST = Duration.ofMinutes(2);

    protected MutableClock clock;
    protected AccessTokens tokens;

    /** A fresh instance whose notion of now is {@code clock}. */
    protected abstract AccessTokens createAccessTokens(Clock clock);

    @BeforeEach
    void createSubject() {
        clock = new MutableClock(START);
        tokens = createAccessTokens(clock);
    }

    @Test
    void givenIssuedToken_whenVerified_thenClaimsNameUserSessionAndExpiry() {
        UserId user = UserId.random();
        SessionId session = SessionId.random();

        IssuedToken issued = tokens.issue(user, session, false);
        AccessTokenClaims claims = tokens.verify(issued.value());

        assertThat(claims.userId()).isEqualTo(user);
        assertThat(claims.sessionId()).isEqualTo(session);
        assertThat(claims.expiresAt()).isEqualTo(issued.expiresAt()).isAfter(START);
        assertThat(claims.tokenId()).isNotBlank();
        assertThat(claims.emailVerified()).isFalse();
    }

    @Test
    void givenTokenOfAVerifiedAddress_whenVerified_thenClaimSaysSo() {
        IssuedToken issued = tokens.issue(UserId.random(), SessionId.random(), true);

        assertThat(tokens.verify(issued.value()).emailVerified()).isTrue();
    }

    @Test
    void givenTwoTokensForSameSession_whenVerified_thenEachHasItsOwnId() {
        UserId user = UserId.random();
        SessionId session = SessionId.random();

        String first = tokens.verify(tokens.issue(user, session, false).value()).tokenId();
        String second =
                tokens.verify(tokens.issue(user, session, false).value()).tokenId();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void givenIssuedToken_whenOneSecondBeforeExpiry_thenStillAccepted() {
        IssuedToken issued = tokens.issue(UserId.random(), SessionId.random(), false);

        clock.advance(Duration.between(START, issued.expiresAt()).minusSeconds(1));

        assertThat(tokens.verify(issued.value()).expiresAt()).isEqualTo(issued.expiresAt());
    }

    @Test
    void givenIssuedToken_whenWellPastExpiry_thenRefused() {
        IssuedToken issued = tokens.issue(UserId.random(), SessionId.random(), false);

        clock.advance(Duration.between(START, issued.expiresAt()).plus(WELL_PAST));

        // told apart from a forgery: the security log counts forgeries, not the expiry every client meets
        assertThatThrownBy(() -> tokens.verify(issued.value())).isInstanceOf(ExpiredAccessTokenException.class);
    }

    @Test
    void givenTamperedTokenWellPastExpiry_whenVerified_thenRefusedAsInvalidNotAsExpired() {
        IssuedToken issued = tokens.issue(UserId.random(), SessionId.random(), false);
        String token = issued.value();
        int i = token.length() / 2;
        String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

        clock.advance(Duration.between(START, issued.expiresAt()).plus(WELL_PAST));

        assertThatThrownBy(() -> tokens.verify(tampered))
                .isInstanceOf(InvalidAccessTokenException.class)
                .isNotInstanceOf(ExpiredAccessTokenException.class);
    }

    @Test
    void givenIssuedToken_whenOneCharacterChanged_thenRefused() {
        String token = tokens.issue(UserId.random(), SessionId.random(), false).value();
        // The middle, not the end: the last base64url character of a signature carries padding bits.
        int i = token.length() / 2;
        String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

        assertThatThrownBy(() -> tokens.verify(tampered)).isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void givenIssuedToken_whenTruncatedOrExtended_thenRefused() {
        String token = tokens.issue(UserId.random(), SessionId.random(), false).value();

        assertThatThrownBy(() -> tokens.verify(token.substring(0, token.length() - 2)))
                .isInstanceOf(InvalidAccessTokenException.class);
        assertThatThrownBy(() -> tokens.verify(token + "x")).isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void givenNoOrGarbageToken_whenVerified_thenRefusedWithoutEchoingIt() {
        for (String garbage :
                new String[] {null, "", " ", "not-a-token", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "x".repeat(100_000)}) {
            assertThatThrownBy(() -> tokens.verify(garbage))
                    .isInstanceOf(InvalidAccessTokenException.class)
                    .isNotInstanceOf(ExpiredAccessTokenException.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain("not-a-token")
                            .doesNotContain("eyJ"));
        }
    }

    @Test
    void givenIssuedToken_whenPrinted_thenValueRedacted() {
        IssuedToken issued = tokens.issue(UserId.random(), SessionId.random(), false);

        assertThat(issued.toString()).doesNotContain(issued.value());
    }
}
