package io.gaara.adapters.crypto.jwt;

import static io.gaara.adapters.crypto.jwt.HandMadeJwt.header;
import static io.gaara.adapters.crypto.jwt.HandMadeJwt.headerOf;
import static io.gaara.adapters.crypto.jwt.HandMadeJwt.hmac;
import static io.gaara.adapters.crypto.jwt.HandMadeJwt.payloadOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.port.out.crypto.IssuedToken;
import io.gaara.application.port.out.crypto.RefreshTokenClaims;
import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.UserId;
import io.gaara.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JjwtRefreshTokensTest {
    static final String ISSUER = "https://auth.gaara.test";
    static final String AUDIENCE = "gaara-api";
    static final Instant START = Instant.parse("2025-06-01T10:00:00Z");
    static final byte[] ACCESS_SECRET = "access-secret-that-is-32-bytes-long!".getBytes(StandardCharsets.UTF_8);
    static final byte[] REFRESH_SECRET = "refresh-secret-that-is-32-bytes-long".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock(START);
    private final JwtSettings settings = JwtSettings.of(ISSUER, AUDIENCE);

    private final RefreshTokenClaims claims = new RefreshTokenClaims(
            SessionId.random(), TokenId.random(), UserId.random(), START.plus(Duration.ofDays(30)));

    @Test
    void givenSameKeyMaterialForBoth_whenAccessTokenPresentedAsRefreshToken_thenRefusedByType() {
        // Misconfiguration (one secret for both) must still not let one kind pass for the other.
        HmacKeyRing shared = HmacKeyRing.single(ACCESS_SECRET);
        JjwtAccessTokens access = new JjwtAccessTokens(shared, settings, clock);
        JjwtRefreshTokens refresh = new JjwtRefreshTokens(shared, settings, clock);

        String accessToken =
                access.issue(claims.userId(), claims.sessionId(), false).value();

        assertThatThrownBy(() -> refresh.verify(accessToken)).isInstanceOf(InvalidRefreshTokenException.class);
        assertThat(access.verify(accessToken)).isNotNull();
    }

    @Test
    void givenSameKeyMaterialForBoth_whenRefreshTokenPresentedAsAccessToken_thenRefusedByType() {
        HmacKeyRing shared = HmacKeyRing.single(ACCESS_SECRET);
        JjwtAccessTokens access = new JjwtAccessTokens(shared, settings, clock);
        JjwtRefreshTokens refresh = new JjwtRefreshTokens(shared, settings, clock);

        String refreshToken = refresh.issue(claims).value();

        assertThatThrownBy(() -> access.verify(refreshToken)).isInstanceOf(InvalidAccessTokenException.class);
        assertThat(refresh.verify(refreshToken)).isEqualTo(claims);
    }

    @Test
    void givenSeparateSecrets_whenTokensCrossOver_thenBothRefused() {
        JjwtAccessTokens access = new JjwtAccessTokens(HmacKeyRing.single(ACCESS_SECRET), settings, clock);
        JjwtRefreshTokens refresh = new JjwtRefreshTokens(HmacKeyRing.single(REFRESH_SECRET), settings, clock);

        String accessToken =
                access.issue(claims.userId(), claims.sessionId(), false).value();
        String refreshToken = refresh.issue(claims).value();

        assertThatThrownBy(() -> refresh.verify(accessToken)).isInstanceOf(InvalidRefreshTokenException.class);
        assertThatThrownBy(() -> access.verify(refreshToken)).isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void givenIssuedRefreshToken_whenRead_thenTypedRtJwtWithKidAndAllClaims() {
        HmacKeyRing ring = HmacKeyRing.single(REFRESH_SECRET);
        String token =
                new JjwtRefreshTokens(ring, settings, clock).issue(claims).value();

        assertThat(headerOf(token))
                .contains("\"alg\":\"HS256\"")
                .contains("\"typ\":\"rt+jwt\"")
                .contains("\"kid\":\"" + ring.current().kid() + "\"");
        assertThat(payloadOf(token))
                .contains("\"iss\":\"" + ISSUER + "\"")
                .contains("\"aud\":[\"" + AUDIENCE + "\"]")
                .contains("\"sub\":\"" + claims.userId() + "\"")
                .contains("\"sid\":\"" + claims.sessionId() + "\"")
                .contains("\"jti\":\"" + claims.tokenId() + "\"")
                .contains("\"iat\":" + START.getEpochSecond())
                .contains("\"exp\":" + claims.expiresAt().getEpochSecond());
    }

    @Test
    void givenExpiryWithMilliseconds_whenIssued_thenTokenAndResultSayWholeSeconds() {
        JjwtRefreshTokens refresh = new JjwtRefreshTokens(HmacKeyRing.single(REFRESH_SECRET), settings, clock);
        Instant precise = START.plus(Duration.ofDays(30)).plusMillis(750);

        IssuedToken issued =
                refresh.issue(new RefreshTokenClaims(claims.sessionId(), claims.tokenId(), claims.userId(), precise));

        assertThat(issued.expiresAt()).isEqualTo(START.plus(Duration.ofDays(30)));
        assertThat(refresh.verify(issued.value()).expiresAt()).isEqualTo(issued.expiresAt());
    }

    @Test
    void givenThirtySecondSkew_whenTwentyNineOrThirtyOneSecondsPastExpiry_thenAcceptedThenRefused() {
        JjwtRefreshTokens refresh = new JjwtRefreshTokens(HmacKeyRing.single(REFRESH_SECRET), settings, clock);
        String token = refresh.issue(claims).value();

        clock.advance(Duration.ofDays(30).plusSeconds(29));
        assertThat(refresh.verify(token)).isEqualTo(claims);

        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> refresh.verify(token)).isInstanceOf(InvalidRefreshTokenException.class);
    }

    @Test
    void givenHandMadeRefreshTokenWithJtiNotUuid_whenVerified_thenRefused() {
        JjwtRefreshTokens refresh =
                new JjwtRefreshTokens(HmacKeyRing.of(HmacKey.of("r1", REFRESH_SECRET)), settings, clock);
        long now = START.getEpochSecond();
        String good = HandMadeJwt.claims(
                ISSUER,
                AUDIENCE,
                claims.userId().toString(),
                claims.sessionId().toString(),
                claims.tokenId().toString(),
                now,
                now + 3600);

        assertThat(refresh.verify(hmac("HmacSHA256", REFRESH_SECRET, header("HS256", "rt+jwt", "r1"), good)))
                .isNotNull();
        assertThatThrownBy(() -> refresh.verify(hmac(
                        "HmacSHA256",
                        REFRESH_SECRET,
                        header("HS256", "rt+jwt", "r1"),
                        good.replace(claims.tokenId().toString(), "not-a-uuid"))))
                .isInstanceOf(InvalidRefreshTokenException.class);
        assertThatThrownBy(() -> refresh.verify(HandMadeJwt.unsigned(header("none", "rt+jwt", "r1"), good)))
                .isInstanceOf(InvalidRefreshTokenException.class);
    }

    @Test
    void givenRingSwapped_whenOldRefreshTokenVerified_thenStillAcceptedAndNewTokensCarryNewKid() {
        AtomicReference<HmacKeyRing> ring = new AtomicReference<>(HmacKeyRing.of(HmacKey.of("r1", REFRESH_SECRET)));
        JjwtRefreshTokens refresh = new JjwtRefreshTokens(ring::get, settings, clock);
        String before = refresh.issue(claims).value();

        ring.set(ring.get()
                .rotatedTo(HmacKey.of("r2", "the-next-refresh-secret-32-bytes-long".getBytes(StandardCharsets.UTF_8))));
        String after = refresh.issue(claims).value();

        assertThat(refresh.verify(before)).isEqualTo(claims);
        assertThat(refresh.verify(after)).isEqualTo(claims);
        assertThat(headerOf(after)).contains("\"kid\":\"r2\"");
    }
}
