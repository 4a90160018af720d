package io.gaara.application.port.out.persistence;

import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.domain.SessionId;
import java.time.Instant;

/**
 * Tells every server instance, within about a second, that a session ended, and answers from memory whether one has:
 * access tokens are checked on every request without a database query.
 */
public interface SessionRevocations {
    /** Announces an ended session; called inside the transaction that ends it. */
    void announce(SessionId id, Instant revokedAt);

    /**
     * Whether the session has ended.
     *
     * @throws TemporarilyUnavailableException when this instance cannot tell (it has lost the revocation feed and the
     *     database does not answer): fail closed, yet as an outage the client retries, not as an ended session
     */
    boolean isRevoked(SessionId id);
}
