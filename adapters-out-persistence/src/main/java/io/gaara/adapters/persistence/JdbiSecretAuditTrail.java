package io.gaara.adapters.persistence;

import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * Secret-access events as rows of {@code secret_access_events}, beside the auth audit trail, so an operator can answer
 * "who read which version of which key, and when" from SQL. Holds no value.
 */
final class JdbiSecretAuditTrail implements SecretAuditTrail {
    private static final int MAX_TEXT = 200;

    private final OutageTranslatingJdbi jdbi;

    JdbiSecretAuditTrail(Jdbi jdbi) {
        this.jdbi = new OutageTranslatingJdbi(jdbi);
    }

    @Override
    public void record(SecretAccessEvent event) {
        jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO secret_access_events
                                (occurred_at, kind, name, backend, version_id, cache_outcome, latency_ms, detail)
                            VALUES (:occurredAt, :kind, :name, :backend, :versionId, :cacheOutcome, :latencyMs,
                                    :detail)""")
                .bind("occurredAt", event.occurredAt())
                .bind("kind", event.kind().name().toLowerCase(Locale.ROOT))
                .bind("name", bounded(event.name()))
                .bind("backend", bounded(event.backend()))
                .bindByType("versionId", bounded(event.versionId()), String.class)
                .bindByType("cacheOutcome", bounded(event.cacheOutcome()), String.class)
                .bind("latencyMs", (int)
                        Math.min(Integer.MAX_VALUE, event.latency().toMillis()))
                .bindByType("detail", bounded(event.detail()), String.class)
                .execute());
    }

    private static String bounded(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
