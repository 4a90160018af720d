package io.gaara.application.service;

import io.gaara.application.ExpiredAccessTokenException;
import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.port.in.AuthenticateCommand;
import io.gaara.application.port.in.AuthenticateUseCase;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.out.crypto.AccessTokenClaims;
import io.gaara.application.port.out.crypto.AccessTokens;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.security.SecurityLog;
import io.gaara.domain.FailedTokenUse;

/**
 * Verifies an access token and refuses it once its session has ended, from memory only. A token that fails verification
 * (not one that merely expired) goes to the security log.
 */
public final class AuthenticateService implements AuthenticateUseCase {
    private final AccessTokens accessTokens;
    private final SessionRevocations revocations;
    private final SecurityLog securityLog;

    public AuthenticateService(AccessTokens accessTokens, SessionRevocations revocations, SecurityLog securityLog) {
        this.accessTokens = accessTokens;
        this.revocations = revocations;
        this.securityLog = securityLog;
    }

    @Override
    public Principal authenticate(AuthenticateCommand command) {
        String accessToken = command.accessToken();
        if (accessToken == null || accessToken.isBlank()) {
            throw new InvalidAccessTokenException("An access token is required.");
        }
        AccessTokenClaims claims;
        try {
            claims = accessTokens.verify(accessToken);
        } catch (ExpiredAccessTokenException e) {
            throw e;
        } catch (InvalidAccessTokenException e) {
            securityLog.failedTokenUse(FailedTokenUse.ACCESS_TOKEN_INVALID, command.client());
            throw e;
        }
        if (revocations.isRevoked(claims.sessionId())) {
            throw new InvalidAccessTokenException("The session of this access token has ended.");
        }
        return new Principal(claims.userId(), claims.sessionId());
    }
}
