package io.gaara.adapters.secrets.audit;

import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every audit event, for assertions. */
public final class RecordingAuditTrail implements SecretAuditTrail {
    public final List<SecretAccessEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(SecretAccessEvent event) {
        events.add(event);
    }

    public List<SecretAccessEvent> of(SecretAccessEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }
}
