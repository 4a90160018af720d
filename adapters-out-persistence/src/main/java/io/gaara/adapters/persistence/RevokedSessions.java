package io.gaara.adapters.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.gaara.domain.SessionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The ended sessions this instance knows of, each kept until every access token of it has expired: the access-token
 * lifetime plus {@link #CLOCK_SKEW} after its revocation. That bounds memory.
 */
final class RevokedSessions {
    /** Instances' clocks and token verifiers may disagree by this much. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final Duration retention;
    private final Clock clock;
    private final Cache<SessionId, Instant> revoked;

    RevokedSessions(Duration accessTokenLifetime, Clock clock) {
        this.retention = accessTokenLifetime.plus(CLOCK_SKEW);
        this.clock = clock;
        this.revoked = Caffeine.newBuilder()
                .expireAfter(Expiry.<SessionId, Instant>writing((id, at) -> remaining(at)))
                .build();
    }

    boolean contains(SessionId id) {
        Instant at = revoked.getIfPresent(id);
        // the clock check makes the rule exact; the cache's own expiry only frees the memory
        return at != null && clock.instant().isBefore(at.plus(retention));
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
