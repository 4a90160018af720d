package io.gaara.application.port.in;

import io.gaara.domain.SessionId;
import java.time.Duration;
import java.util.Objects;

/** An access token, the refresh token that renews it, and the session they belong to. Redacted in {@code toString}. */
public record TokenPair(String accessToken, String refreshToken, Duration accessTokenLifetime, SessionId sessionId) {
    public TokenPair {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        Objects.requireNonNull(sessionId, "sessionId");
    }

    @Override
    public String toString() {
        return "TokenPair[redacted, sessionId=" + sessionId + "]";
    }
}
