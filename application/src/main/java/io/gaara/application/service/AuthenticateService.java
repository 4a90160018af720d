package io.gaara.application.service;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.port.in.AuthenticateUseCase;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.out.crypto.AccessTokenClaims;
import io.gaara.application.port.out.crypto.AccessTokens;
import io.gaara.application.port.out.persistence.SessionRevocations;

/** Verifies an access token and refuses it once its session has ended, from memory only. */
public final class AuthenticateService implements AuthenticateUseCase {
    private final AccessTokens accessTokens;
    private final SessionRevocations revocations;

    public AuthenticateService(AccessTokens accessTokens, SessionRevocations revocations) {
        this.accessTokens = accessTokens;
        this.revocations = revocations;
    }

    @Override
    public Principal authenticate(String accessToken) {
        if (accessToken == null || accessToken.isBlank()) {
            throw new InvalidAccessTokenException("An access token is required.");
        }
        AccessTokenClaims claims = accessTokens.verify(accessToken);
        if (revocations.isRevoked(claims.sessionId())) {
            throw new InvalidAccessTokenException("The session of this access token has ended.");
        }
        return new Principal(claims.userId(), claims.sessionId());
    }
}
