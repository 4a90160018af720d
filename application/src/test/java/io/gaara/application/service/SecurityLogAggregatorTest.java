package io.gaara.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gaara.application.fakes.InMemoryFailedTokenUseCounts;
import io.gaara.application.port.out.persistence.FailedTokenUseCount;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.FailedTokenUse;
import io.gaara.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SecurityLogAggregatorTest {
    private static final Instant MINUTE = Instant.parse("2026-03-01T10:00:00Z");
    private static final ClientInfo ATTACKER = new ClientInfo("198.51.100.66", "curl/8");

    private final MutableClock clock = new MutableClock(MINUTE.plusSeconds(1));
    private final InMemoryFailedTokenUseCounts store = new InMemoryFailedTokenUseCounts();

    private SecurityLogAggregator aggregator(int maxAddresses, long alertThreshold) {
        return new SecurityLogAggregator(store, new SecurityLogAggregator.Limits(maxAddresses, alertThreshold), clock);
    }

    @Test
    void givenTenThousandFailuresFromOneAddress_whenFlushed_thenOneCountOfTenThousandInOneWrite() {
        SecurityLogAggregator log = aggregator(10_000, 100);
        for (int i = 0; i < 10_000; i++) {
            log.failedTokenUse(FailedTokenUse.ACCESS_TOKEN_INVALID, ATTACKER);
        }

        SecurityLogAggregator.Flush flush = log.flush();

        assertThat(flush.written()).isEqualTo(1);
        assertThat(flush.failures()).isEqualTo(10_000);
        assertThat(store.writes()).isEqualTo(1);
        assertThat(store.since(MINUTE))
                .extracting(FailedTokenUseCount::clientIp, FailedTokenUseCount::kind, FailedTokenUseCount::count)
                .containsExactly(tuple(ATTACKER.ip(), FailedTokenUse.ACCESS_TOKEN_INVALID, 10_000L));
    }

    @Test
    void givenSeveralFlushesWithinAMinute_whenRead_thenEachFailureCountedOnceAndTheMinuteForgottenWhenOver() {
        SecurityLogAggregator log = aggregator(10_000, 100);
        log.failedTokenUse(FailedTokenUse.REFRESH_TOKEN_INVALID, ATTACKER);
        log.flush();
        clock.advance(Duration.ofSeconds(10));
        log.failedTokenUse(FailedTokenUse.REFRESH_TOKEN_INVALID, ATTACKER);
        log.failedTokenUse(FailedTokenUse.REFRESH_TOKEN_INVALID, ATTACKER);

        SecurityLogAggregator.Flush second = log.flush();
        SecurityLogAggregator.Flush idle = log.flush();

        assertThat(second.failures()).isEqualTo(2);
        assertThat(idle.written()).isZero();
        assertThat(idle.pending()).as("the minute is still under way").isEqualTo(1);
        assertThat(store.since(MINUTE))
                .containsExactly(new FailedTokenUseCount(
                        MINUTE,
                        ATTACKER.ip(),
                        FailedTokenUse.REFRESH_TOKEN_INVALID,
                        3,
                        MINUTE.plusSeconds(1),
                        MINUTE.plusSeconds(11)));

        clock.advance(Duration.ofMinutes(1));
        assertThat(log.flush().pending()).isZero();
    }

    @Test
    void givenMoreAddressesThanTheBound_whenCounted_thenThePastOnesGoToOneOverflowCountAndNoneIsLost() {
        SecurityLogAggregator log = aggregator(100, 1_000);
        for (int i = 0; i < 5_000; i++) {
            log.failedTokenUse(
                    FailedTokenUse.ACCESS_TOKEN_INVALID, new ClientInfo("10.0." + i / 250 + "." + i % 250, ""));
        }
        log.failedTokenUse(FailedTokenUse.ACCESS_TOKEN_INVALID, new ClientInfo("10.0.0.0", ""));

        SecurityLogAggregator.Flush flush = log.flush();

        assertThat(flush.pending())
                .as("held in memory: the bound plus one overflow count")
                .isEqualTo(101);
        List<FailedTokenUseCount> stored = store.since(MINUTE);
        assertThat(stored).hasSize(101);
        assertThat(stored.stream().mapToLong(FailedTokenUseCount::count).sum()).isEqualTo(5_001);
        assertThat(stored)
                .filteredOn(c -> c.clientIp().equals(FailedTokenUseCount.OVERFLOW_IP))
                .extracting(FailedTokenUseCount::count)
                .containsExactly(4_900L);
        assertThat(stored)
                .filteredOn(c -> c.clientIp().equals("10.0.0.0"))
                .extracting(FailedTokenUseCount::count)
                .as("an address counted before the bound was reached keeps its own count")
                .containsExactly(2L);
    }

    @Test
    void givenTheDatabaseDownForHours_whenSprayedFromEverNewAddresses_thenMemoryStaysBoundedAndTheLossIsCounted() {
        SecurityLogAggregator log = aggregator(100, 1_000_000);
        store.failWrites(true);
        long sent = 0;
        long dropped = 0;
        for (int minute = 0; minute < 120; minute++) {
            for (int i = 0; i < 200; i++) {
                log.failedTokenUse(FailedTokenUse.values()[i % 6], new ClientInfo("10.1." + minute + "." + i, ""));
                sent++;
            }
            SecurityLogAggregator.Flush flush = log.flush();
            dropped += flush.dropped();
            assertThat(flush.pending()).isLessThanOrEqualTo(100 + SecurityLogAggregator.MAX_OVERFLOW_KEYS);
            clock.advance(Duration.ofMinutes(1));
        }
        store.failWrites(false);
        SecurityLogAggregator.Flush back = log.flush();
        dropped += back.dropped();

        assertThat(back.failure()).isNull();
        long stored = store.since(MINUTE).stream()
                .mapToLong(FailedTokenUseCount::count)
                .sum();
        assertThat(stored)
                .as("an hour of overflow minutes kept, the rest dropped")
                .isLessThan(sent);
        assertThat(dropped)
                .as("what found no room is reported, not silently lost")
                .isPositive();
        assertThat(stored + dropped).isEqualTo(sent);
    }

    @Test
    void givenAFailingStore_whenFlushed_thenNothingThrownCountsKeptAndWrittenOnceAtTheNextFlush() {
        SecurityLogAggregator log = aggregator(10_000, 100);
        for (int i = 0; i < 40; i++) {
            log.failedTokenUse(FailedTokenUse.LOGOUT_TOKEN_INVALID, ATTACKER);
        }
        store.failWrites(true);

        SecurityLogAggregator.Flush failed = log.flush();

        assertThat(failed.failure()).isEqualTo("TemporarilyUnavailableException");
        assertThat(failed.written()).isZero();
        assertThat(failed.pending()).isEqualTo(1);

        log.failedTokenUse(FailedTokenUse.LOGOUT_TOKEN_INVALID, ATTACKER);
        clock.advance(Duration.ofMinutes(3));
        store.failWrites(false);
        SecurityLogAggregator.Flush recovered = log.flush();

        assertThat(recovered.failure()).isNull();
        assertThat(recovered.pending()).isZero();
        assertThat(store.since(MINUTE)).extracting(FailedTokenUseCount::count).containsExactly(41L);
        assertThat(log.flush().written()).as("written once, not again").isZero();
    }

    @Test
    void givenAnAddressReachingTheThreshold_whenFlushed_thenOneAlertForItsMinuteAndKind() {
        SecurityLogAggregator log = aggregator(10_000, 5);
        for (int i = 0; i < 12; i++) {
            log.failedTokenUse(FailedTokenUse.FOREIGN_SESSION_END, ATTACKER);
        }
        log.failedTokenUse(FailedTokenUse.ACCESS_TOKEN_INVALID, ATTACKER);

        SecurityLogAggregator.Flush flush = log.flush();

        assertThat(flush.alerts())
                .containsExactly(
                        new SecurityLogAggregator.Alert(MINUTE, ATTACKER.ip(), FailedTokenUse.FOREIGN_SESSION_END, 5));
        assertThat(log.flush().alerts()).isEmpty();
    }

    @Test
    void givenManyThreadsCountingAtOnce_whenFlushedMeanwhile_thenEveryFailureCountedExactlyOnce() throws Exception {
        SecurityLogAggregator log = aggregator(10_000, 100);
        int threads = 4;
        int each = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ClientInfo client = new ClientInfo("192.0.2." + t, "");
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        log.failedTokenUse(FailedTokenUse.ACCESS_TOKEN_INVALID, client);
                    }
                    return null;
                }));
            }
            Future<?> flusher = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 50; i++) {
                    log.flush();
                }
                return null;
            });
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            flusher.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        log.flush();

        assertThat(store.since(MINUTE)).extracting(FailedTokenUseCount::count).containsOnly((long) each);
        assertThat(store.since(MINUTE)).hasSize(threads);
    }
}
