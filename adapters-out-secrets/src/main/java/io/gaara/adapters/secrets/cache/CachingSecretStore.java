package io.gaara.adapters.secrets.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gaara.adapters.secrets.audit.LoggingSecretAuditTrail;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAccessEvent.Kind;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreMisconfiguredException;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the server signing, verifying and connecting on the secrets it already has while the backend is slow or down,
 * and picks up rotations without a restart.
 *
 * <ul>
 *   <li>Per name it holds the accepted versions ({@link SecretStore#readAccepted}: current, then previous);
 *       {@link #read} answers the first. A hit never touches the backend.
 *   <li>An answer lives for the time to live (1 h by default, like the AWS caching client). It is re-read in the
 *       background ahead of that, at a point drawn per entry between 75 % and 90 % of it, so replicas that started
 *       together do not all hit the backend at once. Callers keep getting the cached answer while the re-read runs. A
 *       background sweep starts these re-reads even for names nobody reads (a JWT key ring built once and rebuilt on
 *       {@link #onRotation rotation} must still see the rotation); a read past the refresh point starts one too.
 *   <li>When the backend fails, the last good answer is kept and served past its time to live (counted as stale, shown
 *       in {@link #health()}), and the name is retried after a capped exponential backoff with jitter (1 s doubling to
 *       5 min, each delay drawn between half and all of it). Only a name that was never read successfully fails, with
 *       {@link SecretStoreUnavailableException}; its retries follow the same backoff, so a caller in a loop cannot turn
 *       an outage into a request storm.
 *   <li>An absent secret is cached as absent for a short time (1 min by default) and not re-read in the background: a
 *       name asked for again and again (an optional secret) costs one trip a minute, and a secret created in the
 *       backend shows up within that minute. Through an outage the absence is served stale like any other last good
 *       answer.
 *   <li>A re-read that finds a new current version id fires the {@link #onRotation} listeners and a
 *       {@code ROTATION_DETECTED} audit event; a secret deleted in the backend reads as absent from then on and fires
 *       nothing.
 *   <li>Every trip to the backend is one {@link SecretAccessEvent} (fetch, refresh, failure, rotation) with name,
 *       backend, version id, cache outcome, latency and a short detail code: {@code miss}, {@code ahead},
 *       {@code retry}, {@code expired}, {@code explicit} for what caused the trip, {@code absent}, or the exception's
 *       class name. Never a value.
 * </ul>
 *
 * <p>Caffeine holds the entries and bounds their number (1,024 by default). Its own {@code refreshAfterWrite} is not
 * used: it takes one duration for the whole cache (Caffeine has no per-entry refresh, so no jitter), starts only when
 * an entry is read, and pairing it with {@code expireAfterWrite} would drop the last good value exactly when an outage
 * needs it. Time comes from the injected {@link Clock}; the background work runs on two small daemon pools that
 * {@link #close()} stops.
 *
 * <p>{@link #readStage} goes straight to the backend, uncached (database credential recovery and the command line need
 * the backend's answer of the moment), and is audited with cache outcome {@code bypass}.
 *
 * <p>An exception from the backend other than {@link SecretStoreUnavailableException} counts as an outage too; it is
 * not passed on as a cause, only its class name, because a parser's message may quote the secret it failed on.
 *
 * <p>This class is the read path and the trip to the backend; its parts are package-private classes beside it:
 * {@code Slot} and {@code SlotState} (what is cached per name), {@code BackoffPolicy} (when a failing name is retried),
 * {@code RefreshScheduler} (the background re-reads and the sweep) and {@code SecretCacheCounters} (what
 * {@link #metrics()} reports).
 */
public final class CachingSecretStore implements SecretStore, AutoCloseable {
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_ABSENT_TTL = Duration.ofMinutes(1);
    public static final long DEFAULT_MAXIMUM_SIZE = 1_024;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAXIMUM_BACKOFF = Duration.ofMinutes(5);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(CachingSecretStore.class);

    private final SecretStore delegate;
    private final String backend;
    private final Duration ttl;
    private final Duration absentTtl;
    private final Clock clock;
    private final SecretAuditTrail audit;
    private final Cache<String, Slot> slots;
    private final BackoffPolicy backoff;
    private final SecretCacheCounters counters = new SecretCacheCounters();
    private final List<Consumer<String>> rotationListeners = new CopyOnWriteArrayList<>();
    private final RefreshScheduler scheduler;

    private CachingSecretStore(Builder b) {
        this.delegate = b.delegate;
        this.backend = Objects.requireNonNull(delegate.backendName(), "backendName");
        this.ttl = b.ttl;
        this.absentTtl = b.absentTtl;
        this.clock = b.clock;
        this.audit = b.audit;
        this.slots = Caffeine.newBuilder().maximumSize(b.maximumSize).build();
        // one source for both: a test that fixes the jitter fixes the backoff and the refresh points
        Jitter jitter = new Jitter(b.jitter);
        this.backoff = new BackoffPolicy(b.initialBackoff, b.maximumBackoff, jitter);
        // last: its sweep may start before this constructor returns
        this.scheduler = new RefreshScheduler(
                ttl,
                jitter,
                clock,
                b.refreshExecutor,
                b.sweepInterval,
                slots.asMap().values(),
                this::tripQuietly);
    }

    /**
     * A cache in front of {@code delegate} with the defaults (1 h, 1 min when absent, 1,024 names, backoff 1 s to 5
     * min), audited to the log.
     */
    public static CachingSecretStore of(SecretStore delegate) {
        return builder(delegate).build();
    }

    public static Builder builder(SecretStore delegate) {
        return new Builder(delegate);
    }

    @Override
    public Optional<Secret> read(String name) {
        List<Secret> accepted = readAccepted(name);
        return accepted.isEmpty() ? Optional.empty() : Optional.of(accepted.get(0));
    }

    /**
     * The cached accepted versions, fetched on first use.
     *
     * @throws SecretStoreUnavailableException only when the backend has never answered for this name
     */
    @Override
    public List<Secret> readAccepted(String name) {
        Objects.requireNonNull(name, "name");
        Slot slot = slots.get(name, Slot::new);
        SlotState state = slot.state;
        Instant now = clock.instant();
        boolean waited = mustWaitForBackend(slot, state, now);
        if (waited) {
            synchronized (slot.loadLock) {
                // one caller per name goes to the backend; the others wait here and take its answer
                state = slot.state;
                now = clock.instant();
                if (mustWaitForBackend(slot, state, now)) {
                    try {
                        trip(slot, state == null || !state.hasValue() ? Trigger.MISS : Trigger.EXPIRED);
                    } catch (SecretStoreUnavailableException e) {
                        if (slot.state == null || !slot.state.hasValue()) {
                            counters.miss();
                            throw e;
                        }
                        // else: the last good answer is served below, stale
                    }
                    state = slot.state;
                    now = clock.instant();
                }
            }
        }
        if (!state.hasValue()) {
            counters.miss();
            throw neverFetched(name, state);
        }
        if (state.expired(now)) {
            counters.staleServe();
        } else if (waited) {
            counters.miss();
        } else {
            counters.hit();
        }
        scheduler.refreshIfDue(slot, state, now);
        return state.accepted();
    }

    /** Straight to the backend, uncached, but audited (outcome {@code bypass}). */
    @Override
    public Optional<Secret> readStage(String name, SecretStage stage) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stage, "stage");
        String stageCode = "stage=" + stage.name().toLowerCase(Locale.ROOT);
        long started = System.nanoTime();
        Optional<Secret> secret;
        try {
            secret = delegate.readStage(name, stage);
        } catch (RuntimeException e) {
            counters.error();
            record(
                    Kind.FAILURE,
                    name,
                    null,
                    "error",
                    since(started),
                    e.getClass().getSimpleName());
            throw unavailable(name, e);
        }
        record(
                Kind.FETCH,
                name,
                secret.map(Secret::versionId).orElse(null),
                "bypass",
                since(started),
                secret.isPresent() ? stageCode : stageCode + ",absent");
        return secret;
    }

    /**
     * Re-reads {@code name} from the backend now, whatever the time to live or backoff says, and serves the answer from
     * this moment on (no sleep, unlike the AWS caching client).
     *
     * @return the new accepted versions, current first
     * @throws SecretStoreUnavailableException when the backend fails; the value cached before stays
     */
    public List<Secret> refreshNow(String name) {
        Objects.requireNonNull(name, "name");
        return trip(slots.get(name, Slot::new), Trigger.EXPLICIT);
    }

    /**
     * {@code listener} receives the name of every secret whose current version changed, after the cache serves the new
     * one.
     */
    public void onRotation(Consumer<String> listener) {
        rotationListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public SecretCacheMetrics metrics() {
        slots.cleanUp();
        return counters.snapshot(slots.estimatedSize());
    }

    public SecretStoreHealth health() {
        Instant now = clock.instant();
        Map<String, SecretStoreHealth.SecretStatus> secrets = new HashMap<>();
        boolean degraded = false;
        for (Slot slot : slots.asMap().values()) {
            SlotState s = slot.state;
            if (s == null) {
                continue;
            }
            degraded |= s.failing();
            secrets.put(slot.name, s.status(now));
        }
        return new SecretStoreHealth(backend, degraded, secrets);
    }

    /** The backend's name: the cache answers for it and adds nothing a diagnosis would need. */
    @Override
    public String backendName() {
        return backend;
    }

    /** Stops the background refreshes; reads keep answering from what is cached (and go to the backend on a miss). */
    @Override
    public void close() {
        scheduler.close();
    }

    @Override
    public String toString() {
        return "CachingSecretStore[backend=" + backend + ", ttl=" + ttl + ", entries=" + slots.estimatedSize() + "]";
    }

    /** One pass of the background sweep: starts the re-reads that are due. Tests call it with a moved clock. */
    void refreshDue() {
        scheduler.refreshDue();
    }

    /** The retry delay after {@code failures} failures in a row, as this cache's backoff draws it. */
    Duration backoff(int failures) {
        return backoff.delay(failures);
    }

    /*
     * A caller waits for the backend only when nothing usable is cached: never read, never read
     * successfully and the backoff has passed, or past its time to live while the backend is
     * healthy and no re-read is under way (only possible when the sweep is late or off). A failing
     * or busy backend never makes a caller wait if a last good answer exists.
     */
    private static boolean mustWaitForBackend(Slot slot, SlotState state, Instant now) {
        if (state == null) {
            return true;
        }
        if (!state.hasValue()) {
            return state.due(now);
        }
        return state.expired(now) && !state.failing() && !slot.refreshing.get();
    }

    private void tripQuietly(Slot slot, Trigger trigger) {
        try {
            trip(slot, trigger);
        } catch (SecretStoreUnavailableException recorded) {
            // counted, audited and kept in the slot's state by trip()
        }
    }

    /** One trip to the backend for one name: audits it, counts it, applies the answer, reports a rotation. */
    private List<Secret> trip(Slot slot, Trigger trigger) {
        String name = slot.name;
        SlotState before = slot.state;
        boolean hadValue = before != null && before.hasValue();
        long attempt = slot.begin();
        long started = System.nanoTime();
        List<Secret> accepted;
        try {
            accepted = List.copyOf(delegate.readAccepted(name));
        } catch (RuntimeException e) {
            Duration latency = since(started);
            Instant now = clock.instant();
            counters.error();
            Slot.Transition applied = slot.apply(
                    attempt,
                    previous -> SlotState.failed(
                            previous, now, backoff, e.getClass().getName()));
            SlotState after = slot.state;
            boolean servingStale = after != null && after.hasValue();
            record(
                    Kind.FAILURE,
                    name,
                    after == null ? null : after.currentVersion(),
                    servingStale ? "stale" : "error",
                    latency,
                    e.getClass().getSimpleName());
            if (applied != null
                    && (applied.before() == null || !applied.before().failing())) {
                log.warn(
                        "secrets backend {} failed for {} ({}); {}",
                        backend,
                        name,
                        e.getClass().getName(),
                        servingStale ? "serving the last good value" : "nothing cached to serve");
            }
            throw unavailable(name, e);
        }
        Duration latency = since(started);
        Instant now = clock.instant();
        SlotState fresh = succeeded(accepted, now);
        Slot.Transition applied = slot.apply(attempt, previous -> fresh);
        if (hadValue) {
            counters.refresh();
        }
        record(
                hadValue ? Kind.REFRESH : Kind.FETCH,
                name,
                fresh.currentVersion(),
                hadValue ? "refresh" : "miss",
                latency,
                fresh.present() ? trigger.code : "absent");
        if (applied != null && applied.before() != null && applied.before().failing()) {
            log.info(
                    "secrets backend {} answers again for {} after {} failure(s)",
                    backend,
                    name,
                    applied.before().failures());
        }
        if (applied != null && isRotation(applied.before(), fresh)) {
            counters.rotation();
            record(
                    Kind.ROTATION_DETECTED,
                    name,
                    fresh.currentVersion(),
                    "refresh",
                    latency,
                    "previous=" + applied.before().currentVersion());
            notifyRotation(name);
        }
        return accepted;
    }

    private static boolean isRotation(SlotState before, SlotState after) {
        return before != null
                && before.present()
                && after.present()
                && !before.currentVersion().equals(after.currentVersion());
    }

    private void notifyRotation(String name) {
        for (Consumer<String> listener : rotationListeners) {
            try {
                listener.accept(name);
            } catch (RuntimeException e) {
                // the cache already serves the new version; one broken listener must not stop the others
                log.warn(
                        "rotation listener for {} failed ({})",
                        name,
                        e.getClass().getName());
            }
        }
    }

    /**
     * An absent secret is believed for the absent time to live and not re-read ahead; a present one is re-read ahead of
     * its time to live.
     */
    private SlotState succeeded(List<Secret> accepted, Instant now) {
        if (accepted.isEmpty()) {
            Instant expiresAt = now.plus(absentTtl);
            return SlotState.answered(accepted, now, expiresAt, expiresAt);
        }
        return SlotState.answered(accepted, now, scheduler.refreshPoint(now), now.plus(ttl));
    }

    private SecretStoreUnavailableException neverFetched(String name, SlotState state) {
        return new SecretStoreUnavailableException("secret " + name + " has never been read from backend " + backend
                + ", which has been failing since " + state.failingSince() + " (" + state.lastError()
                + "); next attempt after " + state.retryAt());
    }

    private SecretStoreUnavailableException unavailable(String name, RuntimeException e) {
        if (e instanceof SecretStoreMisconfiguredException) {
            // the adapter's own words on what to change: passed on whole, so that startup can refuse with them
            return new SecretStoreMisconfiguredException(e.getMessage());
        }
        if (e instanceof SecretStoreUnavailableException) {
            return new SecretStoreUnavailableException("secrets backend " + backend + " did not answer for " + name, e);
        }
        return new SecretStoreUnavailableException("secrets backend " + backend + " did not answer for " + name + " ("
                + e.getClass().getName() + ")");
    }

    private void record(Kind kind, String name, String versionId, String outcome, Duration latency, String detail) {
        try {
            audit.record(
                    new SecretAccessEvent(clock.instant(), kind, name, backend, versionId, outcome, latency, detail));
        } catch (RuntimeException e) {
            // a broken audit sink must not become a secrets outage that logs everybody out; it is loud instead
            log.error(
                    "secret audit trail failed to record {} for {} ({})",
                    kind,
                    name,
                    e.getClass().getName());
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Settings of a {@link CachingSecretStore}; every one has a default. */
    public static final class Builder {
        private final SecretStore delegate;
        private Duration ttl = DEFAULT_TTL;
        private Duration absentTtl = DEFAULT_ABSENT_TTL;
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maximumBackoff = DEFAULT_MAXIMUM_BACKOFF;
        private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
        private SecretAuditTrail audit = new LoggingSecretAuditTrail();
        private Clock clock = Clock.systemUTC();
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();
        private Executor refreshExecutor;

        private Builder(SecretStore delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /**
         * How long an answer is fresh ({@code GAARA_SECRETS_CACHE_TTL}); re-read in the background at 75–90 % of it.
         */
        public Builder ttl(Duration ttl) {
            this.ttl = positive(ttl, "ttl");
            return this;
        }

        /** How long "this secret does not exist" is believed before the backend is asked again. */
        public Builder absentTtl(Duration absentTtl) {
            this.absentTtl = positive(absentTtl, "absentTtl");
            return this;
        }

        public Builder maximumSize(long maximumSize) {
            if (maximumSize < 1) {
                throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
            }
            this.maximumSize = maximumSize;
            return this;
        }

        /** Retry delays after failures: {@code initial}, doubling up to {@code maximum}, each jittered down to half. */
        public Builder backoff(Duration initial, Duration maximum) {
            positive(initial, "initial backoff");
            positive(maximum, "maximum backoff");
            if (maximum.compareTo(initial) < 0) {
                throw new IllegalArgumentException("maximum backoff " + maximum + " is below the initial " + initial);
            }
            this.initialBackoff = initial;
            this.maximumBackoff = maximum;
            return this;
        }

        /** Where the trips to the backend are recorded; the log ({@link LoggingSecretAuditTrail}) by default. */
        public Builder auditTrail(SecretAuditTrail audit) {
            this.audit = Objects.requireNonNull(audit, "audit");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Source of the jitter, values in [0, 1]; random by default, fixed in tests. */
        public Builder jitter(DoubleSupplier jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /**
         * Runs background re-reads; the caller keeps ownership (close() leaves it alone). Default: two daemon threads
         * owned by the cache.
         */
        public Builder refreshExecutor(Executor executor) {
            this.refreshExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * How often the background sweep looks for due re-reads; {@link Duration#ZERO} turns it off (reads still start
         * re-reads).
         */
        public Builder sweepInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("sweepInterval must not be negative, was " + interval);
            }
            this.sweepInterval = interval;
            return this;
        }

        public CachingSecretStore build() {
            return new CachingSecretStore(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
            return d;
        }
    }
}
