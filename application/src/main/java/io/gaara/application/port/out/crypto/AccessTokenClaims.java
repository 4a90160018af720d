package io.gaara.application.port.out.crypto;

import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * What a verified access token says: who, in which session, until when, and whether the account's address was proven
 * when the token was issued.
 */
public record AccessTokenClaims(
        UserId userId, SessionId sessionId, String tokenId, Instant expiresAt, boolean emailVerified) {
    public AccessTokenClaims {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
