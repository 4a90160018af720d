package io.gaara.application.contract.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.persistence.AttemptCounter;
import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.domain.ThrottlePolicy.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AttemptCounters} must do: count each failure exactly once under concurrency, block each key for
 * exactly the wait its {@link Backoff} gives (the domain's formula is the reference the storage must agree with),
 * forget quiet counters, admit at most the limit per window, and sweep what has expired.
 */
public abstract class AttemptCountersContract {
    private static final Duration FORGET = Duration.ofHours(12);
    private static final Backoff TWO_FREE = new Backoff(2, Duration.ofSeconds(1), Duration.ofSeconds(60));

    private AttemptCounters counters;

    /** Counters over empty storage. */
    protected abstract AttemptCounters createCounters();

    /** Every key the storage holds, expired or not, as a look at it would show. */
    protected abstract Set<String> storedKeys();

    @BeforeEach
    void setUpCounters() {
        counters = createCounters();
    }

    @Test
    void givenNoFailures_whenRead_thenNoCounter() {
        assertThat(counters.read(List.of("k:a", "k:b"), Fixtures.NOW)).isEmpty();
    }

    @Test
    void givenFailuresWithinTheFreeOnes_whenRecorded_thenCountedButNotBlocked() {
        for (int i = 1; i <= 2; i++) {
            AttemptCounter after = fail("k:a", TWO_FREE, Fixtures.NOW);
            assertThat(after.count()).isEqualTo(i);
            assertThat(after.blockedUntil()).isNull();
        }

        AttemptCounter read = counters.read(List.of("k:a"), Fixtures.NOW).get("k:a");
        assertThat(read).isEqualTo(new AttemptCounter(2, null, Fixtures.NOW.plus(FORGET)));
        assertThat(read.blocks(Fixtures.NOW)).isFalse();
    }

    @Test
    void givenFailuresPastTheFreeOnes_whenRecorded_thenEachBlocksForTheBackoffsWaitAfterItsCount() {
        Instant now = Fixtures.NOW;
        for (int n = 1; n <= 12; n++) {
            now = now.plusMillis(1);
            AttemptCounter after = fail("k:a", TWO_FREE, now);
            Duration wait = TWO_FREE.waitAfter(n);
            // 0, 0, 1, 2, 4, ..., 32, then 60 s capped
            assertThat(after.count()).isEqualTo(n);
            assertThat(after.blockedUntil()).as("after failure %d", n).isEqualTo(wait.isZero() ? null : now.plus(wait));
            assertThat(counters.read(List.of("k:a"), now).get("k:a")).isEqualTo(after);
        }
        assertThat(counters.read(List.of("k:a"), now).get("k:a").blockedUntil()).isEqualTo(now.plusSeconds(60));
    }

    @Test
    void givenWaitsThatAreNotWholeSeconds_whenRecorded_thenKeptToTheMicrosecond() {
        Backoff fine = new Backoff(0, Duration.ofNanos(1_234_567_000), Duration.ofSeconds(4));
        assertThat(fail("k:a", fine, Fixtures.NOW).blockedUntil()).isEqualTo(Fixtures.NOW.plusNanos(1_234_567_000));
        assertThat(fail("k:a", fine, Fixtures.NOW).blockedUntil()).isEqualTo(Fixtures.NOW.plusNanos(2_469_134_000L));
        assertThat(fail("k:a", fine, Fixtures.NOW).blockedUntil()).isEqualTo(Fixtures.NOW.plusSeconds(4));
    }

    @Test
    void givenSeveralKeys_whenOneFailureRecorded_thenEachCountsOnceAndWaitsByItsOwnBackoff() {
        Map<String, Backoff> keys = new LinkedHashMap<>();
        keys.put("k:pair", new Backoff(0, Duration.ofSeconds(1), Duration.ofMinutes(15)));
        keys.put("k:account", new Backoff(0, Duration.ofSeconds(5), Duration.ofSeconds(60)));
        keys.put("k:ip", new Backoff(1, Duration.ofSeconds(1), Duration.ofMinutes(15)));

        Map<String, AttemptCounter> after = counters.recordFailure(keys, FORGET, Fixtures.NOW);

        assertThat(after).containsOnlyKeys(keys.keySet());
        assertThat(after.get("k:pair").blockedUntil()).isEqualTo(Fixtures.NOW.plusSeconds(1));
        assertThat(after.get("k:account").blockedUntil()).isEqualTo(Fixtures.NOW.plusSeconds(5));
        assertThat(after.get("k:ip").blockedUntil()).isNull();
        assertThat(after.values()).extracting(AttemptCounter::count).containsOnly(1);
        assertThat(counters.read(keys.keySet(), Fixtures.NOW)).isEqualTo(after);
    }

    @Test
    void givenACounterQuietForTheForgetPeriod_whenReadOrFailedAgain_thenItStartsFromZero() {
        for (int i = 0; i < 5; i++) {
            fail("k:a", TWO_FREE, Fixtures.NOW);
        }
        Instant forgotten = Fixtures.NOW.plus(FORGET);
        assertThat(counters.read(List.of("k:a"), forgotten.minusNanos(1_000)))
                .as("still remembered a microsecond before")
                .containsKey("k:a");

        assertThat(counters.read(List.of("k:a"), forgotten)).isEmpty();
        AttemptCounter again = fail("k:a", TWO_FREE, forgotten);
        assertThat(again).isEqualTo(new AttemptCounter(1, null, forgotten.plus(FORGET)));
    }

    @Test
    void givenEachFailureWithinTheForgetPeriodOfTheLast_whenRecorded_thenTheCountKeepsGrowing() {
        Instant now = Fixtures.NOW;
        for (int i = 1; i <= 4; i++) {
            now = now.plus(FORGET).minusSeconds(1);
            assertThat(fail("k:a", TWO_FREE, now).count()).isEqualTo(i);
        }
    }

    @Test
    void givenCounters_whenSomeCleared_thenOnlyThoseAreGone() {
        fail("k:a", TWO_FREE, Fixtures.NOW);
        fail("k:b", TWO_FREE, Fixtures.NOW);
        fail("k:c", TWO_FREE, Fixtures.NOW);

        counters.clear(List.of("k:a", "k:b", "k:never-counted"));

        assertThat(counters.read(List.of("k:a", "k:b", "k:c"), Fixtures.NOW)).containsOnlyKeys("k:c");
        assertThat(fail("k:a", TWO_FREE, Fixtures.NOW).count())
                .as("counts again from one")
                .isEqualTo(1);
    }

    @Test
    void givenManyThreadsFailingOnSharedKeysInEveryOrder_whenRecorded_thenNoFailureIsLostAndNoneDeadlocks()
            throws Exception {
        int threads = 16;
        AtomicInteger next = new AtomicInteger();
        var outcomes = Concurrently.run(threads, () -> {
            int i = next.getAndIncrement();
            // the shared keys in opposite orders on alternate threads: the storage must lock them in one order
            Map<String, Backoff> keys = new LinkedHashMap<>();
            if (i % 2 == 0) {
                keys.put("k:shared-1", TWO_FREE);
                keys.put("k:shared-2", TWO_FREE);
            } else {
                keys.put("k:shared-2", TWO_FREE);
                keys.put("k:shared-1", TWO_FREE);
            }
            keys.put("k:own-" + i, TWO_FREE);
            return counters.recordFailure(keys, FORGET, Fixtures.NOW);
        });

        List<Integer> seenByEach = new ArrayList<>();
        for (var outcome : outcomes) {
            assertThat(outcome.error()).isNull();
            seenByEach.add(outcome.value().get("k:shared-1").count());
        }
        assertThat(seenByEach).as("each failure saw its own count").containsExactlyInAnyOrderElementsOf(range(threads));
        Map<String, AttemptCounter> read = counters.read(List.of("k:shared-1", "k:shared-2"), Fixtures.NOW);
        assertThat(read.get("k:shared-1").count()).isEqualTo(threads);
        assertThat(read.get("k:shared-2").count()).isEqualTo(threads);
        assertThat(read.get("k:shared-1").blockedUntil()).isEqualTo(Fixtures.NOW.plus(TWO_FREE.waitAfter(threads)));
    }

    @Test
    void givenAWindowLimit_whenUsedUp_thenRefusedUntilTheWindowEndsAndThenANewWindowOpens() {
        Duration window = Duration.ofHours(1);
        for (int i = 0; i < 3; i++) {
            assertThat(counters.tryAcquire("r:a", 3, window, Fixtures.NOW.plusSeconds(i)))
                    .as("use %d", i + 1)
                    .isEmpty();
        }
        Instant windowEnd = Fixtures.NOW.plus(window);
        assertThat(counters.tryAcquire("r:a", 3, window, Fixtures.NOW.plusSeconds(10)))
                .contains(windowEnd);
        assertThat(counters.tryAcquire("r:a", 3, window, windowEnd.minusNanos(1_000)))
                .as("refusals are not counted, nor do they move the window")
                .contains(windowEnd);
        assertThat(counters.tryAcquire("r:b", 3, window, Fixtures.NOW))
                .as("another key")
                .isEmpty();

        assertThat(counters.tryAcquire("r:a", 3, window, windowEnd)).isEmpty();
        assertThat(counters.tryAcquire("r:a", 3, window, windowEnd)).isEmpty();
        assertThat(counters.tryAcquire("r:a", 3, window, windowEnd)).isEmpty();
        assertThat(counters.tryAcquire("r:a", 3, window, windowEnd.plusSeconds(1)))
                .contains(windowEnd.plus(window));
    }

    @Test
    void givenManyThreadsAcquiringOneWindow_whenRaced_thenExactlyTheLimitGetThrough() throws Exception {
        var outcomes =
                Concurrently.run(20, () -> counters.tryAcquire("r:race", 5, Duration.ofMinutes(10), Fixtures.NOW));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
        assertThat(outcomes.stream().filter(o -> o.value().isEmpty())).hasSize(5);
        assertThat(outcomes.stream().map(o -> o.value()).filter(Optional::isPresent))
                .hasSize(15)
                .allSatisfy(until -> assertThat(until).contains(Fixtures.NOW.plus(Duration.ofMinutes(10))));
    }

    @Test
    void givenExpiredAndLiveCounters_whenSwept_thenOnlyTheExpiredAreDeletedAndASecondSweepFindsNothing() {
        fail("k:old", TWO_FREE, Fixtures.NOW);
        counters.tryAcquire("r:old", 10, Duration.ofMinutes(1), Fixtures.NOW);
        Instant later = Fixtures.NOW.plus(FORGET);
        fail("k:live", TWO_FREE, later);
        counters.tryAcquire("r:live", 10, Duration.ofMinutes(1), later);

        assertThat(counters.sweep(later)).isEqualTo(2);

        assertThat(storedKeys()).containsExactlyInAnyOrder("k:live", "r:live");
        assertThat(counters.sweep(later)).isZero();
    }

    @Test
    void givenKeysAsTheServiceMakesThem_whenCounted_thenReadBackUnderTheSameKey() {
        String pair = "login:account-ip:" + "ab".repeat(32) + "@2001:db8:1:2::/64";
        String longest = "login:account-ip:" + "cd".repeat(32) + "@" + "x".repeat(64);
        fail(pair, TWO_FREE, Fixtures.NOW);
        fail(longest, TWO_FREE, Fixtures.NOW);

        assertThat(counters.read(List.of(pair, longest, "login:ip:203.0.113.7"), Fixtures.NOW))
                .containsOnlyKeys(pair, longest);
    }

    private AttemptCounter fail(String key, Backoff backoff, Instant now) {
        return counters.recordFailure(Map.of(key, backoff), FORGET, now).get(key);
    }

    private static List<Integer> range(int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            all.add(i);
        }
        return all;
    }
}
