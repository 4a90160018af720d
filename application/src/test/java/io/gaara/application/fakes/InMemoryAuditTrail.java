package io.gaara.application.fakes;

import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.UserId;
import java.util.List;

public class InMemoryAuditTrail implements AuditTrail {
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

    @Override
    public int pseudonymise(UserId userId, UserId pseudonym) {
        synchronized (db) {
            int changed = 0;
            for (int i = 0; i < db.auditEvents.size(); i++) {
                AuditEvent e = (AuditEvent) db.auditEvents.get(i);
                if (userId.equals(e.userId())) {
                    db.auditEvents.set(
                            i,
                            new AuditEvent(
                                    e.type(),
                                    e.success(),
                                    e.occurredAt(),
                                    pseudonym,
                                    e.sessionId(),
                                    e.client(),
                                    e.detail()));
                    changed++;
                }
            }
            return changed;
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
