package io.gaara.application.contract.secrets;

import io.gaara.application.fakes.InMemorySecretAuditTrail;
import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.util.List;

/** The in-memory trail keeps every event whole, so tests that assert on what a cache audited mean something. */
class InMemorySecretAuditTrailContractTest extends SecretAuditTrailContract {
    private final InMemorySecretAuditTrail trail = new InMemorySecretAuditTrail();

    @Override
    protected SecretAuditTrail createSecretAuditTrail() {
        return trail;
    }

    @Override
    protected List<SecretAccessEvent> recorded() {
        return trail.events();
    }
}
