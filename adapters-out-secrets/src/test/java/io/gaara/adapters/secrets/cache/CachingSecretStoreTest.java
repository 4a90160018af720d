package io.gaara.adapters.secrets.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gaara.adapters.secrets.chain.ChainedSecretStore;
import io.gaara.application.fakes.InMemorySecretAuditTrail;
import io.gaara.application.fakes.InMemorySecretStore;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAccessEvent.Kind;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import io.gaara.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CachingSecretStoreTest {
    private static final String NAME = "GAARA_JWT_SECRET_KEY";
    private static final String OLD_VALUE = "b1dK9sQw3Lx7Vn2Rp5Tz8Yc4Hf6Jm0Ga1Ue3Io5Pk7";
    private static final String NEW_VALUE = "Qm4Wn8Er2Ty6Ui0Op3As7Df1Gh5Jk9Lz2Xc6Vb0Nm4";
    private static final Instant START = Instant.parse("2025-01-06T09:00:00Z");
    private static final Duration TTL = Duration.ofHours(1);

    private final MutableClock clock = new MutableClock(START);
    private final InMemorySecretStore backend = new InMemorySecretStore();
    private final ScriptedSecretStore scripted = new ScriptedSecretStore(backend, clock);
    private final InMemorySecretAuditTrail audit = new InMemorySecretAuditTrail();
    private final List<CachingSecretStore> opened = new ArrayList<>();

    /**
     * Deterministic: background trips run inline, no sweeper thread (tests call refreshDue()), jitter at its low end.
     */
    private CachingSecretStore.Builder deterministic() {
        return CachingSecretStore.builder(scripted)
                .clock(clock)
                .auditTrail(audit)
                .jitter(() -> 0.0)
                .refreshExecutor(Runnable::run)
                .sweepInterval(Duration.ZERO);
    }

    private CachingSecretStore open(CachingSecretStore.Builder builder) {
        CachingSecretStore store = builder.build();
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        scripted.release();
        opened.forEach(CachingSecretStore::close);
    }

    private static String valueOf(CachingSecretStore store) {
        return store.read(NAME).orElseThrow().value();
    }

    @Test
    void givenCachedSecret_whenReadRepeatedly_thenBackendAskedOnceAndHitsCounted() {
        backend.put(NAME, OLD_VALUE);
        CachingSecretStore store = open(deterministic());

        for (int i = 0; i < 100; i++) {
            assertThat(valueOf(store)).isEqualTo(OLD_VALUE);
        }

        assertThat(scripted.tripCount()).isEqualTo(1);
        SecretCacheMetrics metrics = store.metrics();
        assertThat(metrics.misses()).isEqualTo(1);
        assertThat(metrics.hits()).isEqualTo(99);
        assertThat(metrics.size()).isEqualTo(1);
    }

    @Test
    void givenEntryPastRefreshPoint_whenBackendIsSlow_thenCallersGetCachedValueWithoutWaiting() throws Exception {
        backend.put(NAME, OLD_VALUE);
        // the cache's own daemon pool, so the slow re-read really runs beside the callers
        CachingSecretStore store = open(CachingSecretStore.builder(scripted)
                .clock(clock)
                .auditTrail(audit)
                .jitter(() -> 0.0)
                .sweepInterval(Duration.ZERO));
        assertThat(valueOf(store)).isEqualTo(OLD_VALUE);
        backend.put(NAME, NEW_VALUE);
        scripted.hang();
        clock.advance(TTL.multipliedBy(80).dividedBy(100));

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(valueOf(store)).isEqualTo(OLD_VALUE);
            assertThat(scripted.awaitTripStarted()).isTrue();
            assertThat(valueOf(store)).isEqualTo(OLD_VALUE);
        });
        assertThat(scripted.tripCount())
                .as("one re-read in flight, not one per caller")
                .isEqualTo(2);
        assertThat(store.metrics().staleServes())
                .as("still within the time to live")
                .isZero();

        scripted.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> valueOf(store).equals(NEW_VALUE));
        assertThat(store.metrics().refreshes()).isEqualTo(1);
    }

    @ParameterizedTest(name = "jitter {0} refreshes at minute {1}")
    @CsvSource({"0.0, 45", "1.0, 54"})
    void givenJitterAtEitherEnd_whenSweepRuns_thenRefreshHappensBetween75And90PercentOfTtl(double jitter, int minute) {
        backend.put(NAME, OLD_VALUE);
        CachingSecretStore store = open(deterministic().jitter(() -> jitter));
        store.read(NAME);

        clock.advance(Duration.ofMinutes(minute).minusSeconds(1));
        store.refreshDue();
        assertThat(scripted.tripCount()).as("before the refresh point").isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        store.refreshDue();
        assertThat(scripted.tripCount()).as("at the refresh point").isEqualTo(2);
        assertThat(audit.eventsOf(Kind.REFRESH))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("ahead"))
                .satisfies(e -> assertThat(e.cacheOutcome()).isEqualTo("refresh"));
    }

    @Test
    void givenManySecretsFetchedTogether_whenRefreshPointsDrawn_thenSpreadAcrossTheWindow() {
        Random random = new Random(7);
        CachingSecretStore store = open(deterministic().jitter(random::nextDouble));
        List<String> names =
                IntStream.range(0, 50).mapToObj(i -> "GAARA_SECRET_" + i).toList();
        names.forEach(n -> backend.put(n, OLD_VALUE));
        names.forEach(store::read);

        List<Instant> refreshPoints = store.health().secrets().values().stream()
                .map(SecretStoreHealth.SecretStatus::nextAttempt)
                .toList();

        assertThat(refreshPoints)
                .hasSize(50)
                .allSatisfy(t -> assertThat(t)
                        .isBetween(START.plus(Duration.ofMinutes(45)), START.plus(Duration.ofMinutes(54))));
        assertThat(refreshPoints.stream().distinct().count())
                .as("replicas must not all come back at once")
                .isGreaterThan(45);
        assertThat(refreshPoints.stream().max(Instant::compareTo).orElseThrow())
                .isAfter(refreshPoints.stream()
                        .min(Instant::compareTo)
                        .orElseThrow()
                        .plus(Duration.ofMinutes(5)));
    }

    @Test
    void givenBackendDown_whenReadPastTtl_thenLastGoodValueServedStaleAndHealthDegraded() {
        backend.put(NAME, OLD_VALUE);
        CachingSecretStore store = open(deterministic());
        String version = store.read(NAME).orElseThrow().versionId();
        backend.failing(true);

        clock.advance(Duration.ofHours(2));
        store.refreshDue();

        assertThat(valueOf(store)).isEqualTo(OLD_VALUE);
        SecretStoreHealth health = store.health();
        assertThat(health.degraded()).isTrue();
        assertThat(health.backend()).isEqualTo("scripted");
        assertThat(health.secrets().get(NAME)).satisfies(s -> {
            assertThat(s.stale()).isTrue();
            assertThat(s.present()).isTrue();
            assertThat(s.failingSince()).isEqualTo(START.plus(Duration.ofHours(2)));
            assertThat(s.lastSuccess()).isEqualTo(START);
            assertThat(s.consecutiveFailures()).isEqualTo(1);
            assertThat(s.lastError()).isEqualTo(SecretStoreUnavailableException.class.getName());
        });
        SecretCacheMetrics metrics = store.metrics();
        assertThat(metrics.errors()).isEqualTo(1);
        assertThat(metrics.staleServes()).isEqualTo(1);
        assertThat(audit.eventsOf(Kind.FAILURE)).singleElement().satisfies(e -> {
            assertThat(e.cacheOutcome()).isEqualTo("stale");
            assertThat(e.versionId()).isEqualTo(version);
            assertThat(e.detail()).isEqualTo("SecretStoreUnavailableException");
        });
    }

    @Test
    void givenBackendDown_whenHalfAnHourPassesWithReadsEverySecond_thenBackendCallsBoundedByCappedBackoff() {
        backend.put(NAME, OLD_VALUE);
        CachingSecretStore store = open(deterministic().backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)));
        store.read(NAME);
        backend.failing(true);
        clock.advance(Duration.ofMinutes(46));
        scripted.trips.clear();

        for (int second = 0; second < 1_800; second++) {
            store.refreshDue();
            assertThat(valueOf(store)).isEqualTo(OLD_VALUE);
            clock.advance(Duration.ofSeconds(1));
        }

        List<Instant> trips = scripted.trips;
        // delays 1, 2, 4 ... 256 s, then 300 s, each jittered to half here: 10 trips in the first 4.5 min, then one per
        // 2.5 min
        assertThat(trips).hasSizeBetween(15, 25);
        List<Duration> gaps = IntStream.range(1, trips.size())
                .mapToObj(i -> Duration.between(trips.get(i - 1), trips.get(i)))
                .toList();
        assertThat(gaps.get(0)).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(gaps.get(gaps.size() - 1)).as("capped").isBetween(Duration.ofSeconds(150), Duration.ofMinutes(5));
        assertThat(gaps).isSortedAccordingTo(Duration::compareTo);
        assertThat(store.metrics().errors()).isEqualTo(trips.size());
        assertThat(store.health().secrets().get(NAME).consecutiveFailures()).isEqualTo(trips.size());
    }

    @Test
    void givenOutageOver_whenRetryDue_thenNewValueServedAndDegradedCleared() {
        backend.put(NAME, OLD_VALUE);
        CachingSecretStore store = open(deterministic());
        store.read(NAME);
        backend.failing(true);
        clock.advance(Duration.ofHours(2));
        store.refreshDue();
        assertThat(store.health().degraded()).isTrue();

        backend.failing(false);
        backend.put(NAME, NEW_VALUE);
        clock.advance(Duration.ofSeconds(1));
        store.refreshDue();

        assertThat(store.health().degraded()).isFalse();
        assertThat(store.health().secrets().get(NAME)).satisfies(s -> {
            assertThat(s.stale()).isFalse();
            assertThat(s.failingSince()).isNull();
            assertThat(s.consecutiveFailures()).isZero();
        });
        assertThat(valueOf(store)).isEqualTo(NEW_VALUE);
        assertThat(audit.eventsOf(Kind.REFRESH))
                .last()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("retry"));
    }

    @Test
    void givenChainWithFailingPrimary_whenReadPastTtl_thenPrimarysLastValueServedNotTheDevelopmentOne() {
        InMemorySecretStore primary = new InMemorySecretStore(Map.of(NAME, OLD_VALUE));
        InMemorySecretStore dotenv = new InMemorySecretStore(Map.of(NAME, NEW_VALUE));
        CachingSecretStore store = open(CachingSecretStore.builder(ChainedSecretStore.of(primary, dotenv))
                .clock(clock)
                .auditTrail(audit)
                .refreshExecutor(Runnable::run)
                .sweepInterval(Duration.ZERO));
        store.read(NAME);
        primary.failing(true);

        clock.advance(Duration.ofHours(2));

        assertThat(valueOf(store)).isEqualTo(OLD_VALUE);
        assertThat(store.health().degraded()).isTrue();
        assertThat(dotenv.reads.get()).isZero();
    }

    @Test
    void givenNeverFetchedName_whenBackendDown_thenUnavailableAndRetriedOnlyAfterBackoff() {
        backend.put(NAME, OLD_VALUE);
        backend.failing(true);
        CachingSecretStore store = open(deterministic());

        assertThatThrownBy(() -> store.read(NAME))
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasMessageContaining(NAME)
                .hasMessageNotContaining(OLD_VALUE);
        assertThatThrownBy(() -> store.read(NAME))
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasMessageContaining("next attempt after");
        assertThat(scripted.tripCount())
                .as("the second read waits out the backoff")
                .isEqualTo(1);
        assertThat(store.health().degraded()).isTrue();
        assertThat(store.health().secrets().get(NAME).lastSuccess()).isNull();
        assertThat(audit.eventsOf(Kind.FAILURE)).singleElement().satisfies(e -> {
            assertThat(e.cacheOutcome()).isEqualTo("error");
            assertThat(e.versionId()).isNull();
        });

        backend.failing(false);
        clock.advance(Duration.ofSeconds(1));
        assertThat(valueOf(store)).isEqualTo(OLD_VALUE);
        assertThat(scripted.tripCount()).isEqualTo(2);
        assertThat(store.health().degraded()).isFalse();
        assertThat(audit.eventsOf(Kind.FETCH))
                .singleElement()
                .satisfies(e -> assertThat(e.cacheOutcome()).isEqualTo("miss"));
    }

    @Test
    void givenBackendThrowsUnexpectedException_whenRefreshing_thenTreatedAsOutageWithoutPassingItsMessageOn() {
        backend.put(NAME, OLD_VALUE);
        CachingSecretStore store = open(deterministic());
        store.read(NAME);
        // a parser failing on a secret's JSON may quote it: that message must go nowhere
        scripted.throwing(new IllegalStateException("Unexpected character in " + NEW_VALUE));

        assertThatThrownBy(() -> store.refreshNow(NAME))
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasMessageContaining(IllegalStateException.class.getName())
                .hasMessageNotContaining(NEW_VALUE)
                .hasNoCause();
        clock.advance(Duration.ofHours(2));
        assertThat(valueOf(store)).isEqualTo(OLD_VALUE);
        assertThat(store.health().degraded()).isTrue();
    }

    @Test
    void givenRotationInBackend_whenBackgroundRefreshFindsIt_thenListenerFiredOnceAndRotationAudited() {
        backend.put(NAME, OLD_VALUE);
        CachingSecretStore store = open(deterministic());
        List<String> rotated = new CopyOnWriteArrayList<>();
        store.onRotation(rotated::add);
        String oldVersion = store.read(NAME).orElseThrow().versionId();
        String newVersion = backend.put(NAME, NEW_VALUE).versionId();

        clock.advance(Duration.ofMinutes(50));
        store.refreshDue();
        clock.advance(Duration.ofMinutes(50));
        store.refreshDue();

        assertThat(rotated).containsExactly(NAME);
        assertThat(store.readAccepted(NAME)).extracting(Secret::value).containsExactly(NEW_VALUE, OLD_VALUE);
        assertThat(store.metrics().rotationsDetected()).isEqualTo(1);
        assertThat(audit.eventsOf(Kind.ROTATION_DETECTED)).singleElement().satisfies(e -> {
            assertThat(e.versionId()).isEqualTo(newVersion);
            assertThat(e.detail()).isEqualTo("previous=" + oldVersion);
            assertThat(e.name()).isEqualTo(NAME);
            assertThat(e.backend()).isEqualTo("scripted");
        });
    }

    @Test
    void givenRotationListenerThrows_whenRotationDetected_thenOtherListenersStillCalledAndNewValueServed() {
        backend.put(NAME, OLD_VALUE);
        CachingSecretStore store = open(deterministic());
        List<String> rotated = new ArrayList<>();
        store.onRotation(name -> {
            throw new IllegalStateException("key ring rebuild failed");
        });
        store.onRotation(rotated::add);
        store.read(NAME);
        backend.put(NAME, NEW_VALUE);

        store.refreshNow(NAME);

        assertThat(rotated).containsExactly(NAME);
        assertThat(valueOf(store)).isEqualTo(NEW_VALUE);
    }

    @Test
    void givenRotationInBackend_whenRefreshNow_thenNewValueServedAtOnce() {
        backend.put(NAME, OLD_VALUE);
        CachingSecretStore store = open(deterministic());
        List<String> rotated = new ArrayList<>();
        store.onRotation(rotated::add);
        store.read(NAME);
        backend.put(NAME, NEW_VALUE);
        assertThat(valueOf(store)).as("cached until refreshed").isEqualTo(OLD_VALUE);

        List<Secret> accepted = store.refreshNow(NAME);

        assertThat(accepted).extracting(Secret::value).containsExactly(NEW_VALUE, OLD_VALUE);
        assertThat(valueOf(store)).isEqualTo(NEW_VALUE);
        assertThat(rotated).containsExactly(NAME);
        assertThat(audit.eventsOf(Kind.REFRESH))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("explicit"));
    }

    @Test
    void givenBackendDown_whenRefreshNow_thenThrowsAndOldValueKept() {
        backend.put(NAME, OLD_VALUE);
        CachingSecretStore store = open(deterministic());
        store.read(NAME);
        backend.failing(true);

        assertThatThrownBy(() -> store.refreshNow(NAME))
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasCauseInstanceOf(SecretStoreUnavailableException.class);

        assertThat(valueOf(store)).isEqualTo(OLD_VALUE);
        assertThat(store.metrics().errors()).isEqualTo(1);
        assertThat(store.health().degraded()).isTrue();
    }

    @Test
    void givenMaximumSize_whenMoreNamesRead_thenEntriesBounded() {
        CachingSecretStore store = open(deterministic().maximumSize(3));
        for (int i = 0; i < 20; i++) {
            backend.put("GAARA_SECRET_" + i, OLD_VALUE);
            store.read("GAARA_SECRET_" + i);
        }

        assertThat(store.metrics().size()).isLessThanOrEqualTo(3);
    }

    @Test
    void givenAbsentSecret_whenReadAgain_thenAbsenceCachedForAMinuteOnly() {
        CachingSecretStore store = open(deterministic().absentTtl(Duration.ofMinutes(1)));

        assertThat(store.read(NAME)).isEmpty();
        backend.put(NAME, NEW_VALUE);
        clock.advance(Duration.ofSeconds(59));
        store.refreshDue();
        assertThat(store.read(NAME)).as("absence believed for a minute").isEmpty();
        assertThat(scripted.tripCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(valueOf(store)).isEqualTo(NEW_VALUE);
        assertThat(scripted.tripCount()).isEqualTo(2);
        assertThat(audit.events()).extracting(SecretAccessEvent::detail).containsExactly("absent", "expired");
        assertThat(store.metrics().rotationsDetected())
                .as("a created secret is no rotation")
                .isZero();
    }

    @Test
    void givenStageRead_whenRepeated_thenEachGoesToTheBackendAndIsAudited() {
        backend.put(NAME, OLD_VALUE);
        String pending = backend.stagePending(NAME, NEW_VALUE).versionId();
        CachingSecretStore store = open(deterministic());

        assertThat(store.readStage(NAME, SecretStage.PENDING))
                .map(Secret::value)
                .contains(NEW_VALUE);
        assertThat(store.readStage(NAME, SecretStage.PENDING))
                .map(Secret::value)
                .contains(NEW_VALUE);

        assertThat(scripted.tripCount()).isEqualTo(2);
        assertThat(audit.events()).hasSize(2).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(Kind.FETCH);
            assertThat(e.cacheOutcome()).isEqualTo("bypass");
            assertThat(e.versionId()).isEqualTo(pending);
            assertThat(e.detail()).isEqualTo("stage=pending");
        });
    }

    @Test
    void givenBackendDown_whenStageRead_thenUnavailableAndAudited() {
        backend.put(NAME, OLD_VALUE);
        CachingSecretStore store = open(deterministic());
        store.read(NAME);
        backend.failing(true);

        assertThatThrownBy(() -> store.readStage(NAME, SecretStage.CURRENT))
                .isInstanceOf(SecretStoreUnavailableException.class);
        assertThat(audit.eventsOf(Kind.FAILURE))
                .singleElement()
                .satisfies(e -> assertThat(e.cacheOutcome()).isEqualTo("error"));
    }

    @Test
    void givenSweeperRunning_whenRefreshPointPasses_thenRefreshedWithoutAnyRead() {
        backend.put(NAME, OLD_VALUE);
        CachingSecretStore store = open(CachingSecretStore.builder(scripted)
                .clock(clock)
                .auditTrail(audit)
                .jitter(() -> 0.0)
                .sweepInterval(Duration.ofMillis(10)));
        List<String> rotated = new CopyOnWriteArrayList<>();
        store.onRotation(rotated::add);
        store.read(NAME);
        backend.put(NAME, NEW_VALUE);

        clock.advance(Duration.ofMinutes(46));

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(rotated).containsExactly(NAME));
    }

    @Test
    void givenClosedStore_whenClosed_thenBackgroundThreadsEnd() {
        CachingSecretStore store = CachingSecretStore.builder(scripted)
                .clock(clock)
                .auditTrail(audit)
                .sweepInterval(Duration.ofMillis(10))
                .build();
        backend.put(NAME, OLD_VALUE);
        store.read(NAME);
        assertThat(cacheThreads()).isNotEmpty();

        store.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> cacheThreads().isEmpty());
        assertThat(valueOf(store)).as("still answers from the cache").isEqualTo(OLD_VALUE);
    }

    private static List<Thread> cacheThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("gaara-secrets-") && t.isAlive())
                .toList();
    }

    @Test
    void givenBackoffSettings_whenFailuresAccumulate_thenDelayDoublesUpToTheCap() {
        CachingSecretStore store =
                open(deterministic().jitter(() -> 1.0).backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)));

        assertThat(store.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(store.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(store.backoff(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(store.backoff(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(store.backoff(1_000)).isEqualTo(Duration.ofMinutes(5));
    }
}
