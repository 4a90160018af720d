package io.gaara.adapters.secrets.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.gaara.adapters.secrets.cache.CachingSecretStore;
import io.gaara.application.fakes.InMemorySecretStore;
import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAccessEvent.Kind;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import io.gaara.testsupport.CapturedLogs;
import io.gaara.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoggingSecretAuditTrailTest {
    private static final String NAME = "GAARA_JWT_SECRET_KEY";
    private static final String OLD_VALUE = "b1dK9sQw3Lx7Vn2Rp5Tz8Yc4Hf6Jm0Ga1Ue3Io5Pk7";
    private static final String NEW_VALUE = "Qm4Wn8Er2Ty6Ui0Op3As7Df1Gh5Jk9Lz2Xc6Vb0Nm4";
    private static final String PENDING_VALUE = "Pz5Xo9Ic3Uv7Yb1Tn4Rm8Ew2Qa6Sd0Fg3Hj7Kl1Zx5";

    @Test
    void givenEvent_whenRecorded_thenOneStructuredLineOnTheAuditLogger() {
        try (CapturedLogs logs = CapturedLogs.everything(LoggingSecretAuditTrail.LOGGER_NAME)) {
            new LoggingSecretAuditTrail()
                    .record(new SecretAccessEvent(
                            Instant.parse("2025-01-06T09:00:00Z"),
                            Kind.ROTATION_DETECTED,
                            NAME,
                            "aws",
                            "v2",
                            "refresh",
                            Duration.ofMillis(37),
                            "previous=v1"));

            List<ILoggingEvent> lines = logs.from(LoggingSecretAuditTrail.LOGGER_NAME);
            assertThat(lines).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.INFO);
                assertThat(line.getFormattedMessage()).isEqualTo("secret rotation_detected");
                assertThat(CapturedLogs.fields(line))
                        .containsExactlyInAnyOrderEntriesOf(Map.of(
                                "event",
                                "rotation_detected",
                                "occurred_at",
                                "2025-01-06T09:00:00Z",
                                "name",
                                NAME,
                                "backend",
                                "aws",
                                "version_id",
                                "v2",
                                "cache",
                                "refresh",
                                "latency_ms",
                                "37",
                                "detail",
                                "previous=v1"));
            });
        }
    }

    @Test
    void givenFailureWithoutVersion_whenRecorded_thenWarnAndNoVersionField() {
        try (CapturedLogs logs = CapturedLogs.everything(LoggingSecretAuditTrail.LOGGER_NAME)) {
            new LoggingSecretAuditTrail()
                    .record(new SecretAccessEvent(
                            Instant.parse("2025-01-06T09:00:00Z"),
                            Kind.FAILURE,
                            NAME,
                            "aws",
                            null,
                            "error",
                            Duration.ofMillis(5),
                            "SecretStoreUnavailableException"));

            assertThat(logs.from(LoggingSecretAuditTrail.LOGGER_NAME))
                    .singleElement()
                    .satisfies(line -> {
                        assertThat(line.getLevel()).isEqualTo(Level.WARN);
                        assertThat(CapturedLogs.fields(line))
                                .doesNotContainKey("version_id")
                                .containsEntry("cache", "error");
                    });
        }
    }

    /**
     * The whole life of a cached secret, logged through the real trail: every kind of trip appears, no value ever does.
     */
    @Test
    void givenFetchRefreshRotationOutageAndStageRead_whenAudited_thenVersionIdsLoggedAndNoValueAnywhere() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-06T09:00:00Z"));
        InMemorySecretStore backend = new InMemorySecretStore();
        String oldVersion = backend.put(NAME, OLD_VALUE).versionId();
        try (CapturedLogs logs = CapturedLogs.everything(LoggingSecretAuditTrail.LOGGER_NAME);
                CachingSecretStore store = CachingSecretStore.builder(backend)
                        .clock(clock)
                        .auditTrail(CompositeSecretAuditTrail.of(new LoggingSecretAuditTrail()))
                        .refreshExecutor(Runnable::run)
                        .sweepInterval(Duration.ZERO)
                        .build()) {
            store.read(NAME);
            store.read("GAARA_NEVER_STORED");
            String newVersion = backend.put(NAME, NEW_VALUE).versionId();
            store.refreshNow(NAME);
            backend.stagePending(NAME, PENDING_VALUE);
            store.readStage(NAME, SecretStage.PENDING);
            backend.failing(true);
            clock.advance(Duration.ofHours(2));
            store.read(NAME);
            try {
                store.refreshNow(NAME);
            } catch (SecretStoreUnavailableException expected) {
                // audited as a failure; the old value stays
            }
            try {
                store.read("GAARA_NEVER_FETCHED");
            } catch (SecretStoreUnavailableException expected) {
                // nothing to serve
            }

            List<Map<String, String>> audit = logs.from(LoggingSecretAuditTrail.LOGGER_NAME).stream()
                    .map(CapturedLogs::fields)
                    .toList();
            assertThat(audit)
                    .extracting(f -> f.get("event") + "/" + f.get("cache") + "/" + f.get("version_id"))
                    .contains(
                            "fetch/miss/" + oldVersion,
                            "fetch/miss/null",
                            "refresh/refresh/" + newVersion,
                            "rotation_detected/refresh/" + newVersion,
                            "failure/stale/" + newVersion,
                            "failure/error/null")
                    .anySatisfy(line -> assertThat(line).startsWith("fetch/bypass/"));
            assertThat(audit)
                    .allSatisfy(f -> assertThat(f)
                            .containsKeys("name", "backend", "latency_ms", "detail")
                            .containsEntry("backend", "in-memory"));
            assertThat(logs.events())
                    .as("the cache's own warnings are captured too")
                    .anySatisfy(e -> assertThat(e.getLoggerName()).isEqualTo(CachingSecretStore.class.getName()));
            assertThat(logs.allText())
                    .doesNotContain(OLD_VALUE)
                    .doesNotContain(NEW_VALUE)
                    .doesNotContain(PENDING_VALUE);
        }
    }
}
