package io.gaara.application.fakes;

import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.domain.SessionId;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemorySessionRevocations implements SessionRevocations {
    private final Map<SessionId, Instant> revoked = new ConcurrentHashMap<>();

    @Override
    public void announce(SessionId id, Instant revokedAt) {
        revoked.put(id, revokedAt);
    }

    @Override
    public boolean isRevoked(SessionId id) {
        return revoked.containsKey(id);
    }
}
