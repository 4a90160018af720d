package io.gaara.application.port.in;

import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import java.util.Objects;

/** The caller, as proven by a verified access token of a live session. */
public record Principal(UserId userId, SessionId sessionId) {
    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
    }
}
