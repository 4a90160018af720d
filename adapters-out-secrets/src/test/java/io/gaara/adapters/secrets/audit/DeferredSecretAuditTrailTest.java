package io.gaara.adapters.secrets.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.application.fakes.InMemorySecretAuditTrail;
import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAccessEvent.Kind;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import io.gaara.testsupport.CapturedLogs;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeferredSecretAuditTrailTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private DeferredSecretAuditTrail deferred;

    @AfterEach
    void stopWriter() {
        if (deferred != null) {
            deferred.detach();
        }
    }

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
    void givenEventsBeforeTheDatabase_whenAttached_thenWrittenInOrderThenLaterOnesToo() {
        deferred = new DeferredSecretAuditTrail(10);
        InMemorySecretAuditTrail database = new InMemorySecretAuditTrail();
        deferred.record(event("DATABASE_URL"));
        deferred.record(event("JWT_SECRET_KEY"));
        assertThat(database.events()).isEmpty();

        deferred.attach(database);
        deferred.record(event("JWT_REFRESH_SECRET_KEY"));

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(database.events())
                        .extracting(SecretAccessEvent::name)
                        .containsExactly("DATABASE_URL", "JWT_SECRET_KEY", "JWT_REFRESH_SECRET_KEY"));
        assertThat(deferred.written()).isEqualTo(3);
    }

    @Test
    void givenMoreEventsThanCapacity_whenAttached_thenOnlyTheNewestAreWrittenAndTheDropsCountedAndLogged() {
        deferred = new DeferredSecretAuditTrail(2);
        try (CapturedLogs logs = CapturedLogs.everything()) {
            for (int i = 0; i < 5; i++) {
                deferred.record(event("S" + i));
            }

            assertThat(deferred.dropped()).isEqualTo(3);
            assertThat(logs.from(DeferredSecretAuditTrail.class.getName())).anySatisfy(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.WARN);
                assertThat(line.getFormattedMessage()).contains("dropped the oldest");
            });
        }
        InMemorySecretAuditTrail database = new InMemorySecretAuditTrail();

        deferred.attach(database);

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(database.events())
                        .extracting(SecretAccessEvent::name)
                        .containsExactly("S3", "S4"));
    }

    @Test
    void givenDatabaseTrailThatHangsLikeAnEmptyPool_whenRecorded_thenTheSecretReadDoesNotWait() throws Exception {
        deferred = new DeferredSecretAuditTrail(10);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        InMemorySecretAuditTrail stored = new InMemorySecretAuditTrail();
        deferred.attach(e -> {
            entered.countDown();
            try {
                // a pool with no connection: the caller waits out the pool timeout
                released.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            stored.record(e);
        });

        deferred.record(event("DATABASE_URL"));
        assertThat(entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        deferred.record(event("DATABASE_URL"));

        assertThat(stored.events())
                .as("both records returned while the database write still hangs")
                .isEmpty();
        released.countDown();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(stored.events()).hasSize(2));
    }

    @Test
    void givenDatabaseUnavailable_whenItComesBack_thenEveryQueuedEventIsWrittenInOrderAndNoneDropped() {
        deferred = new DeferredSecretAuditTrail(10);
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger refusals = new AtomicInteger();
        InMemorySecretAuditTrail database = new InMemorySecretAuditTrail();
        deferred.attach(e -> {
            if (down.get()) {
                refusals.incrementAndGet();
                throw new TemporarilyUnavailableException("pool timeout");
            }
            database.record(e);
        });
        for (int i = 0; i < 4; i++) {
            deferred.record(event("S" + i));
        }
        // the writer keeps trying the oldest, and keeps it
        await().atMost(PATIENCE).until(() -> refusals.get() >= 3);
        assertThat(deferred.pending()).isEqualTo(4);

        down.set(false);

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(database.events())
                        .extracting(SecretAccessEvent::name)
                        .containsExactly("S0", "S1", "S2", "S3"));
        assertThat(deferred.dropped()).isZero();
        assertThat(deferred.failed()).isZero();
    }

    @Test
    void givenAnEventRefusedForAnotherReason_whenRetried_thenGivenUpAfterTheAttemptsAndTheNextOnesWritten() {
        deferred = new DeferredSecretAuditTrail(10);
        InMemorySecretAuditTrail database = new InMemorySecretAuditTrail();
        AtomicInteger attempts = new AtomicInteger();
        deferred.attach(e -> {
            if (e.name().equals("POISON")) {
                attempts.incrementAndGet();
                throw new IllegalArgumentException("violates a constraint");
            }
            database.record(e);
        });

        deferred.record(event("POISON"));
        deferred.record(event("NEXT"));

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(database.events())
                        .extracting(SecretAccessEvent::name)
                        .containsExactly("NEXT"));
        assertThat(attempts.get()).isEqualTo(DeferredSecretAuditTrail.ATTEMPTS);
        assertThat(deferred.failed()).isEqualTo(1);
    }

    @Test
    void givenFailingDatabaseTrail_whenRecorded_thenNoExceptionReachesTheSecretsRead() {
        deferred = new DeferredSecretAuditTrail(10);
        deferred.attach(e -> {
            throw new IllegalStateException("database down");
        });

        assertThatCode(() -> deferred.record(event("JWT_SECRET_KEY"))).doesNotThrowAnyException();
    }

    @Test
    void givenQueuedEvents_whenDetached_thenTheyAreFlushedFirst() {
        deferred = new DeferredSecretAuditTrail(10);
        InMemorySecretAuditTrail database = new InMemorySecretAuditTrail();
        for (int i = 0; i < 5; i++) {
            deferred.record(event("S" + i));
        }
        deferred.attach(database);

        deferred.detach();

        assertThat(database.events()).hasSize(5);
    }

    @Test
    void givenDetached_whenRecorded_thenNothingReachesTheClosedDatabase() {
        deferred = new DeferredSecretAuditTrail(10);
        InMemorySecretAuditTrail database = new InMemorySecretAuditTrail();
        SecretAuditTrail closed = e -> database.record(e);
        deferred.attach(closed);

        deferred.detach();
        deferred.record(event("JWT_SECRET_KEY"));

        assertThat(deferred.pending()).isZero();
        assertThat(database.events()).isEmpty();
    }
}
