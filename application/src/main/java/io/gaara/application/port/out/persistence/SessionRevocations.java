package io.gaara.application.port.out.persistence;

import io.gaara.domain.SessionId;
import java.time.Instant;

/**
 * Tells every server instance, within about a second, that a session ended, and answers from memory whether one has:
 * access tokens are checked on every request without a database query.
 */
public interface SessionRevocations {
    /** Announces an ended session; called inside the transaction that ends it. */
    void announce(SessionId id, Instant revokedAt);

    boolean isRevoked(SessionId id);
}
