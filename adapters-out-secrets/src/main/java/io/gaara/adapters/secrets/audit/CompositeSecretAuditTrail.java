package io.gaara.adapters.secrets.audit;

import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.util.List;
import java.util.Objects;

/**
 * Sends each secret access event to several trails (the log now, a database table later), so adding a sink never
 * replaces one.
 */
public final class CompositeSecretAuditTrail implements SecretAuditTrail {
    private final List<SecretAuditTrail> trails;

    public CompositeSecretAuditTrail(List<? extends SecretAuditTrail> trails) {
        this.trails = List.copyOf(Objects.requireNonNull(trails, "trails"));
        if (this.trails.isEmpty()) {
            throw new IllegalArgumentException("a composite audit trail needs at least one trail");
        }
    }

    public static CompositeSecretAuditTrail of(SecretAuditTrail... trails) {
        return new CompositeSecretAuditTrail(List.of(trails));
    }

    /**
     * Every trail gets the event even when one before it throws; the first failure is rethrown afterwards, the others
     * suppressed in it.
     */
    @Override
    public void record(SecretAccessEvent event) {
        Objects.requireNonNull(event, "event");
        RuntimeException first = null;
        for (SecretAuditTrail trail : trails) {
            try {
                trail.record(event);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "CompositeSecretAuditTrail" + trails;
    }
}
