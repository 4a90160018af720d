package io.gaara.application.port.out.crypto;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;

/** Issues short-lived, self-contained access tokens and verifies them without a database. */
public interface AccessTokens {
    IssuedToken issue(UserId userId, SessionId sessionId);

    /** Returns the token's claims or throws {@link InvalidAccessTokenException}. */
    AccessTokenClaims verify(String token);
}
