package io.gaara.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One auth event. {@code userId} and {@code sessionId} are null where nobody was identified; {@code detail} is a short
 * machine-readable reason such as {@code bad_credentials}, never a secret or a client-supplied string.
 */
public record AuditEvent(
        AuditEventType type,
        boolean success,
        Instant occurredAt,
        UserId userId,
        SessionId sessionId,
        ClientInfo client,
        String detail) {

    public AuditEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(client, "client");
        if (detail != null && !detail.matches("[a-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("audit detail must be a short snake_case code");
        }
    }

    public String outcome() {
        return success ? "success" : "failure";
    }
}
