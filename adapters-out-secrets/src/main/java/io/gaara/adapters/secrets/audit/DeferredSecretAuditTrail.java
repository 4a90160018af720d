package io.gaara.adapters.secrets.audit;

import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database side of the secrets audit. The first secrets are read before the database exists (its own credentials
 * are one of them), so events are held, boundedly, until the database trail is attached, then written in order. A
 * failing write is logged and dropped: the structured log line was already written, and a broken audit sink must not
 * become a secrets outage.
 */
public final class DeferredSecretAuditTrail implements SecretAuditTrail {
    private static final Logger log = LoggerFactory.getLogger(DeferredSecretAuditTrail.class);

    private final int capacity;
    private final Deque<SecretAccessEvent> pending = new ArrayDeque<>();
    private SecretAuditTrail target;
    private int dropped;

    public DeferredSecretAuditTrail(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void record(SecretAccessEvent event) {
        SecretAuditTrail now;
        synchronized (this) {
            if (target == null) {
                if (pending.size() == capacity) {
                    pending.removeFirst();
                    dropped++;
                }
                pending.addLast(event);
                return;
            }
            now = target;
        }
        write(now, event);
    }

    /** From now on events go to {@code trail}; those held so far are written first. */
    public void attach(SecretAuditTrail trail) {
        Deque<SecretAccessEvent> held;
        int lost;
        synchronized (this) {
            held = new ArrayDeque<>(pending);
            pending.clear();
            lost = dropped;
            target = trail;
        }
        if (lost > 0) {
            log.warn(
                    "{} secret access events from before the database was up were not stored (the log has them)", lost);
        }
        held.forEach(event -> write(trail, event));
    }

    /** Stops writing to the database (it is closing); later events only reach the log. */
    public synchronized void detach() {
        target = null;
        pending.clear();
    }

    private static void write(SecretAuditTrail trail, SecretAccessEvent event) {
        try {
            trail.record(event);
        } catch (RuntimeException e) {
            log.warn(
                    "could not store a secret access event for {} ({}); the log line stands",
                    event.name(),
                    e.getClass().getSimpleName());
        }
    }
}
