package io.gaara.adapters.secrets.cache;

import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every audit event, for assertions. */
final class RecordingAuditTrail implements SecretAuditTrail {
    final List<SecretAccessEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(SecretAccessEvent event) {
        events.add(event);
    }

    List<SecretAccessEvent> of(SecretAccessEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }
}
