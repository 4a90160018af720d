package io.gaara.adapters.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.gaara.domain.SessionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ended sessions this instance knows of, each kept until every access token of it has expired: the access-token
 * lifetime plus {@link #CLOCK_SKEW} after its revocation. At most {@link #DEFAULT_CAPACITY} of them are held (a few
 * tens of MiB): past that bound the oldest entries are evicted, counted, and until the last evicted one would have
 * expired the set is not {@linkplain #complete() complete}, so a session missing from it is asked of the database
 * rather than taken as live.
 */
final class RevokedSessions {
    /** Instances' clocks and token verifiers may disagree by this much. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /** About 220 revocations a second sustained over a 15-minute token lifetime before the bound is reached. */
    static final long DEFAULT_CAPACITY = 200_000;

    private final Duration retention;
    private final Clock clock;
    private final Cache<SessionId, Instant> revoked;
    private final AtomicLong evictions = new AtomicLong();
    /** Epoch millis until which a miss proves nothing: the latest expiry of an entry evicted for room. */
    private final AtomicLong incompleteUntil = new AtomicLong(Long.MIN_VALUE);

    RevokedSessions(Duration accessTokenLifetime, Clock clock) {
        this(accessTokenLifetime, clock, DEFAULT_CAPACITY);
    }

    RevokedSessions(Duration accessTokenLifetime, Clock clock, long capacity) {
        this.retention = accessTokenLifetime.plus(CLOCK_SKEW);
        this.clock = clock;
        this.revoked = Caffeine.newBuilder()
                .maximumSize(capacity)
                .expireAfter(Expiry.<SessionId, Instant>writing((id, at) -> remaining(at)))
                // run the cache's upkeep on the caller: an eviction is recorded before the next check
                .executor(Runnable::run)
                // called atomically with the removal, so no check sees the entry gone and the mark not yet set
                .evictionListener((SessionId id, Instant at, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE && at != null) {
                        evictions.incrementAndGet();
                        incompleteUntil.accumulateAndGet(at.plus(retention).toEpochMilli(), Math::max);
                    }
                })
                .build();
    }

    boolean contains(SessionId id) {
        Instant at = revoked.getIfPresent(id);
        // the clock check makes the rule exact; the cache's own expiry only frees the memory
        return at != null && clock.instant().isBefore(at.plus(retention));
    }

    /** Whether a session missing from the set was never revoked here: false after evictions for room, for a while. */
    boolean complete() {
        long until = incompleteUntil.get();
        if (until == Long.MIN_VALUE) {
            // nothing ever evicted: no clock read on the token-check path
            return true;
        }
        // not clock.millis(): a Clock.tick of under a millisecond (the server ticks in microseconds) divides by zero
        // there
        return clock.instant().toEpochMilli() >= until;
    }

    /** Runs the cache's pending upkeep now (evictions included), for tests. */
    void cleanUp() {
        revoked.cleanUp();
    }

    /** Entries evicted because the bound was reached, since start. */
    long evictions() {
        return evictions.get();
    }

    void remember(SessionId id, Instant revokedAt) {
        // keep the later instant: it keeps the entry longer
        revoked.asMap().merge(id, revokedAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** A notification carries no time: it is stamped on arrival. */
    void rememberNow(SessionId id) {
        remember(id, clock.instant());
    }

    /** Revocations older than this are forgotten, so a resync need not load them. */
    Instant oldestKept() {
        return clock.instant().minus(retention);
    }

    private Duration remaining(Instant revokedAt) {
        Duration left = Duration.between(clock.instant(), revokedAt.plus(retention));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
