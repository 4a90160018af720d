package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.persistence.AttemptCounter;
import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.domain.ThrottlePolicy.Backoff;
import io.gaara.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each instance's sweeper deletes the counters that have expired by its clock, and only those. */
class AttemptCounterSweeperTest {
    private static final Backoff ONE_FREE = new Backoff(1, Duration.ofSeconds(1), Duration.ofSeconds(60));
    private final PostgresPersistence persistence = SharedEmbeddedPostgres.persistence();
    private final JdbiAttemptCounters counters = new JdbiAttemptCounters(persistence.jdbi());
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));

    @BeforeEach
    void empty() {
        SharedEmbeddedPostgres.truncate(persistence);
    }

    @Test
    void givenExpiredCounters_whenTheSweeperRuns_thenTheyAreDeletedOnItsScheduleAndLiveOnesStay() throws Exception {
        counters.recordFailure(Map.of("k:old", ONE_FREE), Duration.ofMinutes(1), clock.instant());
        counters.recordFailure(Map.of("k:live", ONE_FREE), Duration.ofHours(1), clock.instant());
        clock.advance(Duration.ofMinutes(2));

        try (AttemptCounterSweeper sweeper = new AttemptCounterSweeper(counters, clock).start(Duration.ofMillis(50))) {
            Await.until(Duration.ofSeconds(10), () -> keys().equals(List.of("k:live")));
        }
    }

    @Test
    void givenTheDatabaseRefuses_whenASweepFails_thenTheSweeperLogsAndKeepsGoing() throws Exception {
        counters.recordFailure(Map.of("k:old", ONE_FREE), Duration.ofMinutes(1), clock.instant());
        clock.advance(Duration.ofMinutes(2));
        AtomicInteger calls = new AtomicInteger();
        AttemptCounters failing = new AttemptCounters() {
            @Override
            public Map<String, AttemptCounter> read(Collection<String> keys, Instant now) {
                return counters.read(keys, now);
            }

            @Override
            public Map<String, AttemptCounter> recordFailure(
                    Map<String, Backoff> keys, Duration forgetAfter, Instant now) {
                return counters.recordFailure(keys, forgetAfter, now);
            }

            @Override
            public void clear(Collection<String> keys) {
                counters.clear(keys);
            }

            @Override
            public Optional<Instant> tryAcquire(String key, int limit, Duration window, Instant now) {
                return counters.tryAcquire(key, limit, window, now);
            }

            @Override
            public int sweep(Instant now) {
                if (calls.getAndIncrement() == 0) {
                    throw new IllegalStateException("connection reset");
                }
                return counters.sweep(now);
            }
        };

        try (AttemptCounterSweeper sweeper = new AttemptCounterSweeper(failing, clock).start(Duration.ofMillis(50))) {
            Await.until(Duration.ofSeconds(10), () -> keys().isEmpty());
        }
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
    }

    private List<String> keys() {
        return persistence
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT key FROM attempt_counters ORDER BY key")
                        .mapTo(String.class)
                        .list());
    }
}
