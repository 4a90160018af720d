package io.gaara.application.port.out.persistence;

import io.gaara.domain.AuditEvent;
import io.gaara.domain.UserId;

/** Appends auth events to a durable, queryable trail (and a log line); never loses one silently. */
public interface AuditTrail {
    void record(AuditEvent event);

    /**
     * Replaces {@code userId} by {@code pseudonym} in every event recorded so far (the account was deleted: the trail
     * keeps what happened, no longer to whom). Log lines already written are the log store's to expire. Returns how
     * many events it changed.
     */
    int pseudonymise(UserId userId, UserId pseudonym);
}
