package io.gaara.adapters.secrets.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.fakes.InMemorySecretAuditTrail;
import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAccessEvent.Kind;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeSecretAuditTrailTest {
    private static final SecretAccessEvent EVENT = new SecretAccessEvent(
            Instant.parse("2025-01-06T09:00:00Z"),
            Kind.FETCH,
            "GAARA_JWT_SECRET_KEY",
            "aws",
            "v1",
            "miss",
            Duration.ofMillis(12),
            "miss");

    @Test
    void givenSeveralTrails_whenRecorded_thenEveryTrailGetsTheEvent() {
        InMemorySecretAuditTrail log = new InMemorySecretAuditTrail();
        InMemorySecretAuditTrail database = new InMemorySecretAuditTrail();

        CompositeSecretAuditTrail.of(log, database).record(EVENT);

        assertThat(log.events()).containsExactly(EVENT);
        assertThat(database.events()).containsExactly(EVENT);
    }

    @Test
    void givenOneTrailFails_whenRecorded_thenTheOthersStillGetItAndTheFailureSurfaces() {
        InMemorySecretAuditTrail before = new InMemorySecretAuditTrail();
        InMemorySecretAuditTrail after = new InMemorySecretAuditTrail();
        CompositeSecretAuditTrail trail = new CompositeSecretAuditTrail(List.<SecretAuditTrail>of(
                before,
                e -> {
                    throw new IllegalStateException("database down");
                },
                after));

        assertThatThrownBy(() -> trail.record(EVENT)).hasMessage("database down");
        assertThat(before.events()).containsExactly(EVENT);
        assertThat(after.events()).containsExactly(EVENT);
    }

    @Test
    void givenNoTrail_whenComposed_thenRejected() {
        assertThatThrownBy(() -> new CompositeSecretAuditTrail(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
