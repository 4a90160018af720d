package io.gaara.adapters.secrets.cache;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code /health/ready} needs to say "degraded" while the cache serves the last good secrets through a backend
 * outage, and for which names. Holds no value and no version id.
 *
 * @param backend the backend behind the cache
 * @param degraded true while the last trip to the backend failed for at least one name
 * @param secrets per cached name, sorted by name
 */
public record SecretStoreHealth(String backend, boolean degraded, Map<String, SecretStatus> secrets) {

    public SecretStoreHealth {
        Objects.requireNonNull(backend, "backend");
        secrets = Collections.unmodifiableMap(new TreeMap<>(secrets));
    }

    /**
     * One cached name.
     *
     * @param present the last good answer held a value (false: the backend said the secret does not exist)
     * @param lastSuccess when the backend last answered for it; null if it never did
     * @param failingSince when the current run of failures began; null while healthy
     * @param consecutiveFailures failures since the last success
     * @param nextAttempt earliest time of the next trip to the backend (refresh ahead, or retry after backoff)
     * @param stale the value being served is past its time to live
     * @param lastError class name of the last failure, null while healthy
     */
    public record SecretStatus(
            boolean present,
            Instant lastSuccess,
            Instant failingSince,
            int consecutiveFailures,
            Instant nextAttempt,
            boolean stale,
            String lastError) {}
}
