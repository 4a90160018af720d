package io.gaara.application.port.out.crypto;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;

/** Issues short-lived, self-contained access tokens and verifies them without a database. */
public interface AccessTokens {
    /** @param emailVerified whether the account's address is proven, carried as the {@code email_verified} claim */
    IssuedToken issue(UserId userId, SessionId sessionId, boolean emailVerified);

    /**
     * Returns the token's claims or throws {@link InvalidAccessTokenException};
     * {@link io.gaara.application.ExpiredAccessTokenException} when it is genuine (signature and claims good) but
     * expired.
     */
    AccessTokenClaims verify(String token);
}
