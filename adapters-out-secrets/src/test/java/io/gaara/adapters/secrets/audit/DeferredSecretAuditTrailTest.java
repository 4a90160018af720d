package io.gaara.adapters.secrets.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.gaara.application.fakes.InMemorySecretAuditTrail;
import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAccessEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeferredSecretAuditTrailTest {

    private static SecretAccessEvent event(String name) {
        return new SecretAccessEvent(
                Instant.parse("2026-01-06T09:00:00Z"),
                Kind.FETCH,
                name,
                "aws",
                "v1",
                "miss",
                Duration.ofMillis(3),
                "miss");
    }

    @Test
    void givenEventsBeforeTheDatabase_whenAttached_thenWrittenInOrderThenLaterOnesDirectly() {
        DeferredSecretAuditTrail deferred = new DeferredSecretAuditTrail(10);
        InMemorySecretAuditTrail database = new InMemorySecretAuditTrail();
        deferred.record(event("DATABASE_URL"));
        deferred.record(event("JWT_SECRET_KEY"));
        assertThat(database.events()).isEmpty();

        deferred.attach(database);
        deferred.record(event("JWT_REFRESH_SECRET_KEY"));

        assertThat(database.events())
                .extracting(SecretAccessEvent::name)
                .containsExactly("DATABASE_URL", "JWT_SECRET_KEY", "JWT_REFRESH_SECRET_KEY");
    }

    @Test
    void givenMoreEventsThanCapacity_whenAttached_thenOnlyTheNewestAreWritten() {
        DeferredSecretAuditTrail deferred = new DeferredSecretAuditTrail(2);
        for (int i = 0; i < 5; i++) {
            deferred.record(event("S" + i));
        }
        InMemorySecretAuditTrail database = new InMemorySecretAuditTrail();

        deferred.attach(database);

        assertThat(database.events()).extracting(SecretAccessEvent::name).containsExactly("S3", "S4");
    }

    @Test
    void givenFailingDatabaseTrail_whenRecorded_thenNoExceptionReachesTheSecretsRead() {
        DeferredSecretAuditTrail deferred = new DeferredSecretAuditTrail(10);
        deferred.attach(e -> {
            throw new IllegalStateException("database down");
        });

        assertThatCode(() -> deferred.record(event("JWT_SECRET_KEY"))).doesNotThrowAnyException();
    }

    @Test
    void givenDetached_whenRecorded_thenNothingReachesTheClosedDatabase() {
        DeferredSecretAuditTrail deferred = new DeferredSecretAuditTrail(10);
        InMemorySecretAuditTrail database = new InMemorySecretAuditTrail();
        deferred.attach(database);

        deferred.detach();
        deferred.record(event("JWT_SECRET_KEY"));

        assertThat(database.events()).isEmpty();
    }
}
