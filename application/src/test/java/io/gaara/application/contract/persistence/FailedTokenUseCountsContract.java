package io.gaara.application.contract.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.persistence.FailedTokenUseCount;
import io.gaara.application.port.out.persistence.FailedTokenUseCounts;
import io.gaara.domain.FailedTokenUse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FailedTokenUseCounts} must do: keep one count per (minute, address, kind), add what several writers
 * (several instances) add to it without losing any, keep the earliest first and the latest last sighting, and read back
 * by minute in a stable order.
 */
public abstract class FailedTokenUseCountsContract {
    private static final Instant MINUTE = Instant.parse("2026-03-01T10:00:00Z");
    private static final String IP = "203.0.113.7";

    private FailedTokenUseCounts counts;

    /** Counts over empty storage. */
    protected abstract FailedTokenUseCounts createCounts();

    @BeforeEach
    void setUpCounts() {
        counts = createCounts();
    }

    @Test
    void givenNothingAdded_whenRead_thenNoCounts() {
        assertThat(counts.since(MINUTE.minus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void givenOneCount_whenReadBack_thenExactlyIt() {
        FailedTokenUseCount one = count(MINUTE, IP, FailedTokenUse.ACCESS_TOKEN_INVALID, 7, 1, 42);

        counts.add(List.of(one));

        assertThat(counts.since(MINUTE)).containsExactly(one);
    }

    @Test
    void givenTheSameKeyAddedTwice_whenRead_thenOneCountHoldingTheSumAndTheOuterSightings() {
        counts.add(List.of(count(MINUTE, IP, FailedTokenUse.REFRESH_TOKEN_INVALID, 3, 10, 20)));
        counts.add(List.of(count(MINUTE, IP, FailedTokenUse.REFRESH_TOKEN_INVALID, 4, 5, 15)));
        counts.add(List.of(count(MINUTE, IP, FailedTokenUse.REFRESH_TOKEN_INVALID, 5, 12, 50)));

        assertThat(counts.since(MINUTE))
                .containsExactly(count(MINUTE, IP, FailedTokenUse.REFRESH_TOKEN_INVALID, 12, 5, 50));
    }

    @Test
    void givenOtherAddressKindOrMinute_whenAdded_thenCountedApartAndReadInMinuteKindAddressOrder() {
        Instant next = MINUTE.plus(Duration.ofMinutes(1));
        FailedTokenUseCount a = count(MINUTE, "198.51.100.2", FailedTokenUse.ACCESS_TOKEN_INVALID, 1, 0, 0);
        FailedTokenUseCount b = count(MINUTE, IP, FailedTokenUse.ACCESS_TOKEN_INVALID, 2, 0, 0);
        FailedTokenUseCount c = count(MINUTE, IP, FailedTokenUse.FOREIGN_SESSION_END, 3, 0, 0);
        FailedTokenUseCount d =
                count(next, FailedTokenUseCount.OVERFLOW_IP, FailedTokenUse.ACCESS_TOKEN_INVALID, 4, 0, 0);
        FailedTokenUseCount e = count(next, "2001:db8::1", FailedTokenUse.LOGOUT_TOKEN_INVALID, 5, 59_999, 59_999);

        counts.add(List.of(e, c, a, d, b));

        assertThat(counts.since(MINUTE)).containsExactly(a, b, c, d, e);
        assertThat(counts.since(next)).containsExactly(d, e);
        assertThat(counts.since(next.plus(Duration.ofMinutes(1)))).isEmpty();
    }

    @Test
    void givenEveryKindAndALongAddress_whenStored_thenEachReadsBack() {
        String longest = "x".repeat(64);
        List<FailedTokenUseCount> all = new ArrayList<>();
        for (FailedTokenUse kind : FailedTokenUse.values()) {
            all.add(count(MINUTE, longest, kind, 1, 0, 0));
        }

        counts.add(all);

        assertThat(counts.since(MINUTE)).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void givenSeveralWritersAddingTheSameKeysAtOnce_whenAllDone_thenNoCountIsLost() throws Exception {
        int writers = 4;
        int rounds = 25;
        List<FailedTokenUseCount> batch = List.of(
                count(MINUTE, IP, FailedTokenUse.ACCESS_TOKEN_INVALID, 1, 0, 0),
                count(MINUTE, IP, FailedTokenUse.REFRESH_TOKEN_INVALID, 2, 0, 0),
                count(MINUTE, "198.51.100.2", FailedTokenUse.ACCESS_TOKEN_INVALID, 3, 0, 0));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Callable<Void> writer = () -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        counts.add(batch);
                    }
                    return null;
                };
                done.add(pool.submit(writer));
            }
            start.countDown();
            for (Future<Void> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(counts.since(MINUTE))
                .extracting(FailedTokenUseCount::count)
                .containsExactly(3L * writers * rounds, 1L * writers * rounds, 2L * writers * rounds);
    }

    private static FailedTokenUseCount count(
            Instant minute, String ip, FailedTokenUse kind, long count, long firstMillis, long lastMillis) {
        return new FailedTokenUseCount(
                minute, ip, kind, count, minute.plusMillis(firstMillis), minute.plusMillis(lastMillis));
    }
}
