package io.gaara.application.fakes;

import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
import java.util.List;

public final class InMemoryAuditTrail implements AuditTrail {
    private final InMemoryDatabase db;

    public InMemoryAuditTrail(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public void record(AuditEvent event) {
        synchronized (db) {
            db.auditEvents.add(event);
        }
    }

    public List<AuditEvent> events() {
        synchronized (db) {
            return db.auditEvents.stream().map(AuditEvent.class::cast).toList();
        }
    }

    public List<AuditEvent> eventsOf(AuditEventType type) {
        return events().stream().filter(e -> e.type() == type).toList();
    }
}
