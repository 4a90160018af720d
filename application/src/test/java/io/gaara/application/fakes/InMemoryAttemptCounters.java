package io.gaara.application.fakes;

import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.application.port.out.persistence.AttemptCounter;
import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.domain.ThrottlePolicy.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The counters in a map behind one lock; {@code AttemptCountersContract} holds it to the PostgreSQL adapter's word. */
public final class InMemoryAttemptCounters implements AttemptCounters {
    private final Map<String, AttemptCounter> counters = new HashMap<>();
    private int reads;
    private int writes;
    private boolean clearsFail;

    @Override
    public synchronized Map<String, AttemptCounter> read(Collection<String> keys, Instant now) {
        reads++;
        Map<String, AttemptCounter> live = new LinkedHashMap<>();
        for (String key : keys) {
            AttemptCounter counter = counters.get(key);
            if (counter != null && counter.expiresAt().isAfter(now)) {
                live.put(key, counter);
            }
        }
        return live;
    }

    @Override
    public synchronized Map<String, AttemptCounter> recordFailure(
            Map<String, Backoff> keys, Duration forgetAfter, Instant now) {
        writes++;
        Map<String, AttemptCounter> after = new LinkedHashMap<>();
        keys.forEach((key, backoff) -> {
            AttemptCounter before = counters.get(key);
            int count = before == null || !before.expiresAt().isAfter(now) ? 1 : before.count() + 1;
            Duration wait = backoff.waitAfter(count);
            AttemptCounter counter =
                    new AttemptCounter(count, wait.isZero() ? null : now.plus(wait), now.plus(forgetAfter));
            counters.put(key, counter);
            after.put(key, counter);
        });
        return after;
    }

    @Override
    public synchronized void clear(Collection<String> keys) {
        writes++;
        if (clearsFail) {
            throw new TemporarilyUnavailableException("The service is temporarily unavailable.");
        }
        keys.forEach(counters::remove);
    }

    @Override
    public synchronized Optional<Instant> tryAcquire(String key, int limit, Duration window, Instant now) {
        writes++;
        AttemptCounter before = counters.get(key);
        if (before == null || !before.expiresAt().isAfter(now)) {
            counters.put(key, new AttemptCounter(1, null, now.plus(window)));
            return Optional.empty();
        }
        if (before.count() >= limit) {
            return Optional.of(before.expiresAt());
        }
        counters.put(key, new AttemptCounter(before.count() + 1, null, before.expiresAt()));
        return Optional.empty();
    }

    @Override
    public synchronized int sweep(Instant now) {
        int before = counters.size();
        counters.values().removeIf(counter -> !counter.expiresAt().isAfter(now));
        return before - counters.size();
    }

    /** From now on {@link #clear} fails as a database that stopped answering does. */
    public synchronized void failClears() {
        clearsFail = true;
    }

    /** How many reads the services made: a blocked login must cost this one read and nothing more. */
    public synchronized int reads() {
        return reads;
    }

    /** How many writing calls (failures, clears, acquisitions) the services made, whether or not they changed rows. */
    public synchronized int writes() {
        return writes;
    }

    /** Every stored counter, expired or not, by key: what a look at the table would show. */
    public synchronized Map<String, AttemptCounter> stored() {
        return Map.copyOf(counters);
    }
}
