package io.gaara.application.service;

import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import java.time.Clock;

/** Stamps audit events with the time and hands them to the trail. */
final class Auditor {
    private final AuditTrail trail;
    private final Clock clock;

    Auditor(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    void success(AuditEventType type, UserId user, SessionId session, ClientInfo client) {
        success(type, user, session, client, null);
    }

    /** A success that needs telling apart from the ordinary one, such as a refresh answered within the reuse grace. */
    void success(AuditEventType type, UserId user, SessionId session, ClientInfo client, String detail) {
        trail.record(new AuditEvent(type, true, clock.instant(), user, session, client, detail));
    }

    void failure(AuditEventType type, UserId user, SessionId session, ClientInfo client, String detail) {
        trail.record(new AuditEvent(type, false, clock.instant(), user, session, client, detail));
    }
}
