package io.gaara.adapters.secrets.cache;

/**
 * A snapshot of the secrets cache's counters, so that an exporter (Prometheus later) can read them without knowing the
 * cache. Every read of the cache counts exactly once as a hit, a miss or a stale serve; the other counters count trips
 * to the backend.
 *
 * @param hits reads answered from a cached answer still within its time to live
 * @param misses reads that found nothing usable cached and waited for the backend (or failed)
 * @param errors trips to the backend that failed (outage, throttling, any exception)
 * @param staleServes reads answered with a value past its time to live because the backend was failing or slow
 * @param refreshes successful re-reads of a name already cached (background or explicit)
 * @param rotationsDetected refreshes that found a new current version id
 * @param size names held in the cache now
 */
public record SecretCacheMetrics(
        long hits, long misses, long errors, long staleServes, long refreshes, long rotationsDetected, long size) {}
