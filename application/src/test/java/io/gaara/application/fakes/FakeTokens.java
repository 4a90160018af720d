package io.gaara.application.fakes;

import io.gaara.application.ExpiredAccessTokenException;
import io.gaara.application.ExpiredRefreshTokenException;
import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.port.out.crypto.AccessTokenClaims;
import io.gaara.application.port.out.crypto.AccessTokens;
import io.gaara.application.port.out.crypto.IssuedToken;
import io.gaara.application.port.out.crypto.RefreshTokenClaims;
import io.gaara.application.port.out.crypto.RefreshTokens;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opaque random tokens remembered in a map: a token is genuine exactly when this instance issued it, which is all the
 * use cases rely on. Expiry follows the injected clock.
 */
public final class FakeTokens {
    private final Clock clock;
    private final Duration accessLifetime;
    private final Map<String, AccessTokenClaims> access = new ConcurrentHashMap<>();
    private final Map<String, RefreshTokenClaims> refresh = new ConcurrentHashMap<>();

    public FakeTokens(Clock clock, Duration accessLifetime) {
        this.clock = clock;
        this.accessLifetime = accessLifetime;
    }

    public AccessTokens accessTokens() {
        return new AccessTokens() {
            @Override
            public IssuedToken issue(UserId userId, SessionId sessionId, boolean emailVerified) {
                String token = "at." + UUID.randomUUID();
                AccessTokenClaims claims = new AccessTokenClaims(
                        userId, sessionId, token, clock.instant().plus(accessLifetime), emailVerified);
                access.put(token, claims);
                return new IssuedToken(token, claims.expiresAt());
            }

            @Override
            public AccessTokenClaims verify(String token) {
                AccessTokenClaims claims = token == null ? null : access.get(token);
                if (claims == null) {
                    throw new InvalidAccessTokenException("The access token is invalid or expired.");
                }
                if (!clock.instant().isBefore(claims.expiresAt())) {
                    throw new ExpiredAccessTokenException("The access token is invalid or expired.");
                }
                return claims;
            }
        };
    }

    public RefreshTokens refreshTokens() {
        return new RefreshTokens() {
            @Override
            public IssuedToken issue(RefreshTokenClaims claims) {
                String token = "rt." + UUID.randomUUID();
                refresh.put(token, claims);
                return new IssuedToken(token, claims.expiresAt());
            }

            @Override
            public RefreshTokenClaims verify(String token) {
                RefreshTokenClaims claims = token == null ? null : refresh.get(token);
                if (claims == null) {
                    throw new InvalidRefreshTokenException("The refresh token is invalid, expired or revoked.");
                }
                if (!clock.instant().isBefore(claims.expiresAt())) {
                    throw new ExpiredRefreshTokenException("The refresh token is invalid, expired or revoked.");
                }
                return claims;
            }
        };
    }
}
