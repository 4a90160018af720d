package io.gaara.application.port.out.persistence;

import io.gaara.domain.ThrottlePolicy.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Counts failed logins and registrations per key in storage every instance shares, so all instances refuse alike. */
public interface AttemptCounters {
    /** The live counters of {@code keys} at {@code now} (a key without one is absent), in one read and no write. */
    Map<String, AttemptCounter> read(Collection<String> keys, Instant now);

    /**
     * Counts one failure under every key, atomically (concurrent calls on any instance lose no count): a key whose
     * counter had expired starts again at one; each key is then blocked for its backoff's wait after its new count, and
     * forgotten {@code forgetAfter} after {@code now}. Returns every key's counter after the failure.
     */
    Map<String, AttemptCounter> recordFailure(Map<String, Backoff> keys, Duration forgetAfter, Instant now);

    /** Forgets the counters of {@code keys}. */
    void clear(Collection<String> keys);

    /**
     * Counts one use of {@code key} in a fixed window that opens with its first use and lasts {@code window}; when the
     * window already holds {@code limit} uses nothing is counted and the window's end is returned. Of any number of
     * concurrent calls, at most {@code limit} per window are let through.
     *
     * @return empty when the use was counted; the instant the window ends when it was refused
     */
    Optional<Instant> tryAcquire(String key, int limit, Duration window, Instant now);

    /** Deletes the counters expired at {@code now} and says how many; safe to run on several instances at once. */
    int sweep(Instant now);
}
