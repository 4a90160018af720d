package io.gaara.application.port.in;

import io.gaara.domain.SessionId;
import java.time.Instant;

/** A live session as its owner sees it; {@code current} marks the one making the request. */
public record SessionView(
        SessionId id,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        String ip,
        String userAgent,
        boolean current) {}
