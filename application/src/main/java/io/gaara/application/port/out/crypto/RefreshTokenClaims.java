package io.gaara.application.port.out.crypto;

import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.Objects;

/** What a refresh token says: which token of which session family, for whom, until when. */
public record RefreshTokenClaims(SessionId sessionId, TokenId tokenId, UserId userId, Instant expiresAt) {
    public RefreshTokenClaims {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
