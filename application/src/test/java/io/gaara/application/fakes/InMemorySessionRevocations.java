package io.gaara.application.fakes;

import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.domain.SessionId;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

public final class InMemorySessionRevocations implements SessionRevocations {
    private final Map<SessionId, Instant> revoked = new ConcurrentHashMap<>();
    private final AtomicBoolean cannotTell = new AtomicBoolean();

    @Override
    public void announce(SessionId id, Instant revokedAt) {
        revoked.put(id, revokedAt);
    }

    @Override
    public boolean isRevoked(SessionId id) {
        if (cannotTell.get()) {
            throw new TemporarilyUnavailableException("Sessions cannot be checked right now; retry shortly.");
        }
        return revoked.containsKey(id);
    }

    /** While true, {@link #isRevoked} cannot tell, as the PostgreSQL adapter cannot when feed and database are down. */
    public void cannotTell(boolean on) {
        cannotTell.set(on);
    }
}
