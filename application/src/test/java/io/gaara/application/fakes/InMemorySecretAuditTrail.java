package io.gaara.application.fakes;

import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every secret access event in the order recorded, for assertions; safe to record from refresh threads. */
public final class InMemorySecretAuditTrail implements SecretAuditTrail {
    private final List<SecretAccessEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(SecretAccessEvent event) {
        events.add(event);
    }

    public List<SecretAccessEvent> events() {
        return List.copyOf(events);
    }

    public List<SecretAccessEvent> eventsOf(SecretAccessEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }
}
