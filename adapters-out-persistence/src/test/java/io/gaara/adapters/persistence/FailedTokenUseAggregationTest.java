package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gaara.application.port.out.persistence.FailedTokenUseCount;
import io.gaara.application.port.out.persistence.FailedTokenUseCounts;
import io.gaara.application.service.SecurityLogAggregator;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.FailedTokenUse;
import io.gaara.testsupport.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The security log on PostgreSQL as the server runs it: the in-memory aggregator flushing into
 * {@code failed_token_use}, and two instances (two pools, two aggregators) on one database whose counts add up.
 */
class FailedTokenUseAggregationTest {
    private static final Instant MINUTE = Instant.parse("2026-03-01T10:00:00Z");
    private static final ClientInfo ATTACKER = new ClientInfo("198.51.100.66", "curl/8");

    private static PostgresPersistence first;
    private static PostgresPersistence second;

    private final MutableClock clock = new MutableClock(MINUTE.plusSeconds(5));

    @BeforeAll
    static void twoInstances() {
        EmbeddedPostgresServer server = SharedEmbeddedPostgres.server();
        first = PostgresPersistence.start(server.settings(4), Duration.ofMinutes(5), Clock.systemUTC());
        second = PostgresPersistence.start(server.settings(4), Duration.ofMinutes(5), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        second.close();
        first.close();
    }

    @BeforeEach
    void empty() {
        SharedEmbeddedPostgres.truncate(first);
    }

    @Test
    void givenTenThousandForgedTokensFromOneAddress_whenFlushed_thenOneRowCountingTenThousand() {
        SecurityLogAggregator log = aggregator(first);
        for (int i = 0; i < 10_000; i++) {
            log.failedTokenUse(FailedTokenUse.ACCESS_TOKEN_INVALID, ATTACKER);
            clock.advance(Duration.ofMillis(1));
        }

        SecurityLogAggregator.Flush flush = log.flush();

        assertThat(flush.written()).isEqualTo(1);
        assertThat(rowCount()).isEqualTo(1);
        assertThat(first.failedTokenUses().since(MINUTE))
                .containsExactly(new FailedTokenUseCount(
                        MINUTE,
                        ATTACKER.ip(),
                        FailedTokenUse.ACCESS_TOKEN_INVALID,
                        10_000,
                        MINUTE.plusSeconds(5),
                        MINUTE.plusSeconds(5).plusMillis(9_999)));
    }

    @Test
    void givenTwoInstancesCountingTheSameAddressAndFlushingAtOnce_whenDone_thenTheirCountsAddUp() throws Exception {
        SecurityLogAggregator one = aggregator(first);
        SecurityLogAggregator two = aggregator(second);
        ClientInfo other = new ClientInfo("203.0.113.9", "");
        int rounds = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (SecurityLogAggregator instance : List.of(one, two)) {
                Callable<Void> work = () -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        for (int i = 0; i < 250; i++) {
                            instance.failedTokenUse(FailedTokenUse.REFRESH_TOKEN_INVALID, ATTACKER);
                        }
                        instance.failedTokenUse(FailedTokenUse.FOREIGN_SESSION_END, other);
                        assertThat(instance.flush().failure()).isNull();
                    }
                    return null;
                };
                done.add(pool.submit(work));
            }
            start.countDown();
            for (Future<Void> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(second.failedTokenUses().since(MINUTE))
                .extracting(FailedTokenUseCount::kind, FailedTokenUseCount::clientIp, FailedTokenUseCount::count)
                .containsExactly(
                        tuple(FailedTokenUse.FOREIGN_SESSION_END, "203.0.113.9", 40L),
                        tuple(FailedTokenUse.REFRESH_TOKEN_INVALID, ATTACKER.ip(), 2L * rounds * 250));
    }

    @Test
    void givenTheDatabaseUnreachable_whenFlushed_thenNothingThrownCountsKeptAndWrittenOnceItIsBack() {
        PostgresPersistence lost = PostgresPersistence.start(
                SharedEmbeddedPostgres.server().settings(2), Duration.ofMinutes(5), Clock.systemUTC());
        lost.close();
        AtomicReference<FailedTokenUseCounts> database = new AtomicReference<>(lost.failedTokenUses());
        FailedTokenUseCounts switchable = new FailedTokenUseCounts() {
            @Override
            public void add(Collection<FailedTokenUseCount> counts) {
                database.get().add(counts);
            }

            @Override
            public List<FailedTokenUseCount> since(Instant since) {
                return database.get().since(since);
            }
        };
        SecurityLogAggregator log = new SecurityLogAggregator(switchable, SecurityLogAggregator.Limits.DEFAULT, clock);
        for (int i = 0; i < 30; i++) {
            log.failedTokenUse(FailedTokenUse.LOGOUT_TOKEN_INVALID, ATTACKER);
        }

        SecurityLogAggregator.Flush failed = log.flush();

        assertThat(failed.failure()).isNotNull();
        assertThat(failed.written()).isZero();
        assertThat(failed.pending()).isEqualTo(1);
        assertThat(rowCount()).isZero();

        database.set(first.failedTokenUses());
        clock.advance(Duration.ofMinutes(2));
        SecurityLogAggregator.Flush recovered = log.flush();

        assertThat(recovered.failure()).isNull();
        assertThat(recovered.pending())
                .as("the minute is over and written: forgotten")
                .isZero();
        assertThat(first.failedTokenUses().since(MINUTE))
                .extracting(FailedTokenUseCount::count)
                .containsExactly(30L);
    }

    private SecurityLogAggregator aggregator(PostgresPersistence persistence) {
        return new SecurityLogAggregator(persistence.failedTokenUses(), SecurityLogAggregator.Limits.DEFAULT, clock);
    }

    private static long rowCount() {
        return first.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM failed_token_use")
                        .mapTo(Long.class)
                        .one());
    }
}
