package io.gaara.application.port.out.persistence;

import io.gaara.domain.SessionId;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a page of a user's sessions stopped: the last session listed, by its place in the order sessions are listed
 * (newest first, the id breaking ties). The next page starts strictly after it, whatever was added or ended meanwhile.
 */
public record SessionPosition(Instant createdAt, SessionId id) {
    public SessionPosition {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }
}
