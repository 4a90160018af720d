package io.gaara.adapters.secrets.cache;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link SecretCacheMetrics}, which says what each one counts. Every read bumps one of them from
 * whichever thread reads, so they are adders, not atomics.
 */
final class SecretCacheCounters {
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder staleServes = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder rotations = new LongAdder();

    void hit() {
        hits.increment();
    }

    void miss() {
        misses.increment();
    }

    void error() {
        errors.increment();
    }

    void staleServe() {
        staleServes.increment();
    }

    void refresh() {
        refreshes.increment();
    }

    void rotation() {
        rotations.increment();
    }

    /** The counts now, with {@code size} names in the cache. */
    SecretCacheMetrics snapshot(long size) {
        return new SecretCacheMetrics(
                hits.sum(), misses.sum(), errors.sum(), staleServes.sum(), refreshes.sum(), rotations.sum(), size);
    }
}
