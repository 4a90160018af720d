package io.gaara.adapters.secrets.audit;

import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes every trip to the secrets backend as one structured log line (OWASP: audit every access, never log a value),
 * on its own logger so operators can route or retain it apart.
 *
 * <p>The fields are SLF4J key-value pairs ({@code event}, {@code occurred_at} (ISO-8601 UTC, when the trip happened,
 * which a line written later by a queue would otherwise lose), {@code name}, {@code backend}, {@code version_id},
 * {@code cache}, {@code latency_ms}, {@code detail}); a pattern needs {@code %kvp} to show them, as bootstrap's
 * {@code logback.xml} has. Keys whose value is null (no version read) are left out. Failures log at WARN, everything
 * else at INFO.
 */
public final class LoggingSecretAuditTrail implements SecretAuditTrail {
    public static final String LOGGER_NAME = "gaara.audit.secrets";

    private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

    @Override
    public void record(SecretAccessEvent event) {
        Objects.requireNonNull(event, "event");
        String kind = event.kind().name().toLowerCase(Locale.ROOT);
        LoggingEventBuilder line = event.kind() == SecretAccessEvent.Kind.FAILURE ? log.atWarn() : log.atInfo();
        line = line.setMessage("secret " + kind)
                .addKeyValue("event", kind)
                .addKeyValue("occurred_at", event.occurredAt().toString())
                .addKeyValue("name", event.name())
                .addKeyValue("backend", event.backend());
        if (event.versionId() != null) {
            line = line.addKeyValue("version_id", event.versionId());
        }
        if (event.cacheOutcome() != null) {
            line = line.addKeyValue("cache", event.cacheOutcome());
        }
        line = line.addKeyValue("latency_ms", event.latency().toMillis());
        if (event.detail() != null) {
            line = line.addKeyValue("detail", event.detail());
        }
        line.log();
    }

    @Override
    public String toString() {
        return "LoggingSecretAuditTrail[" + LOGGER_NAME + "]";
    }
}
