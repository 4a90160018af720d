package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.secrets.SecretAccessEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbiSecretAuditTrailTest {

    @Test
    void givenSecretAccess_whenRecorded_thenRowHoldsNameVersionOutcomeAndLatencyButNoValue() {
        var jdbi = SharedEmbeddedPostgres.persistence().jdbi();
        var trail = new JdbiSecretAuditTrail(jdbi);
        String name = "JWT_SECRET_KEY_" + System.nanoTime();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);

        trail.record(new SecretAccessEvent(
                at,
                SecretAccessEvent.Kind.ROTATION_DETECTED,
                name,
                "aws-secrets-manager",
                "v-42",
                "refresh",
                Duration.ofMillis(37),
                "previous=v-41"));

        Map<String, Object> row = jdbi.withHandle(
                h -> h.createQuery("SELECT kind, backend, version_id, cache_outcome, latency_ms, detail, occurred_at"
                                + " FROM secret_access_events WHERE name = :n")
                        .bind("n", name)
                        .mapToMap()
                        .one());
        assertThat(row)
                .containsEntry("kind", "rotation_detected")
                .containsEntry("backend", "aws-secrets-manager")
                .containsEntry("version_id", "v-42")
                .containsEntry("cache_outcome", "refresh")
                .containsEntry("latency_ms", 37)
                .containsEntry("detail", "previous=v-41");
    }
}
