package io.gaara.application.port.out.persistence;

import io.gaara.domain.AuditEvent;

/** Appends auth events to a durable, queryable trail (and a log line); never loses one silently. */
public interface AuditTrail {
    void record(AuditEvent event);
}
