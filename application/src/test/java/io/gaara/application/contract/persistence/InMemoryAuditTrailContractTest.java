package io.gaara.application.contract.persistence;

import io.gaara.application.fakes.InMemoryAuditTrail;
import io.gaara.application.fakes.InMemoryDatabase;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.UserId;
import java.util.List;

/** The in-memory audit trail keeps the PostgreSQL adapter's contract, so use-case tests that read it mean something. */
class InMemoryAuditTrailContractTest extends AuditTrailContract {
    private final InMemoryAuditTrail trail = new InMemoryAuditTrail(new InMemoryDatabase());

    @Override
    protected AuditTrail createAuditTrail() {
        return trail;
    }

    @Override
    protected List<AuditEvent> recorded() {
        return trail.events();
    }

    @Override
    protected List<AuditEvent> recordedFor(UserId userId) {
        return trail.events().stream().filter(e -> userId.equals(e.userId())).toList();
    }
}
