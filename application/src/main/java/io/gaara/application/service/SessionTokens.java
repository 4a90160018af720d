package io.gaara.application.service;

import io.gaara.application.port.in.TokenPair;
import io.gaara.application.port.out.crypto.AccessTokens;
import io.gaara.application.port.out.crypto.IssuedToken;
import io.gaara.application.port.out.crypto.RefreshTokenClaims;
import io.gaara.application.port.out.crypto.RefreshTokens;
import io.gaara.domain.Session;
import java.time.Clock;
import java.time.Duration;

/** Mints the token pair that represents a session's current state. */
final class SessionTokens {
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final Clock clock;

    SessionTokens(AccessTokens accessTokens, RefreshTokens refreshTokens, Clock clock) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    /** @param emailVerified whether the user's address is proven, for the access token's claim */
    TokenPair issueFor(Session session, boolean emailVerified) {
        IssuedToken access = accessTokens.issue(session.userId(), session.id(), emailVerified);
        // the refresh token dies with the idle deadline; the database re-checks both deadlines on use
        IssuedToken refresh = refreshTokens.issue(new RefreshTokenClaims(
                session.id(), session.currentTokenId(), session.userId(), session.idleExpiresAt()));
        Duration lifetime = Duration.between(clock.instant(), access.expiresAt());
        return new TokenPair(
                access.value(), refresh.value(), lifetime.isNegative() ? Duration.ZERO : lifetime, session.id());
    }
}
