package io.gaara.application.fakes;

import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.application.port.out.persistence.FailedTokenUseCount;
import io.gaara.application.port.out.persistence.FailedTokenUseCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The security log's counts in a map behind one lock; {@code FailedTokenUseCountsContract} holds it to the PostgreSQL
 * adapter's word. {@link #failWrites} makes every write fail as an unreachable database would.
 */
public final class InMemoryFailedTokenUseCounts implements FailedTokenUseCounts {
    private record Key(Instant minute, String clientIp, String kind) {}

    private final Map<Key, FailedTokenUseCount> rows = new HashMap<>();
    private boolean failWrites;
    private int writes;

    @Override
    public synchronized void add(Collection<FailedTokenUseCount> counts) {
        if (failWrites) {
            throw new TemporarilyUnavailableException("The database is unreachable.");
        }
        writes++;
        for (FailedTokenUseCount c : counts) {
            rows.merge(
                    new Key(c.minute(), c.clientIp(), c.kind().code()),
                    c,
                    (old, added) -> new FailedTokenUseCount(
                            old.minute(),
                            old.clientIp(),
                            old.kind(),
                            old.count() + added.count(),
                            min(old.firstSeen(), added.firstSeen()),
                            max(old.lastSeen(), added.lastSeen())));
        }
    }

    @Override
    public synchronized List<FailedTokenUseCount> since(Instant since) {
        List<FailedTokenUseCount> found = new ArrayList<>();
        rows.values().stream().filter(c -> !c.minute().isBefore(since)).forEach(found::add);
        found.sort(Comparator.comparing(FailedTokenUseCount::minute)
                .thenComparing(c -> c.kind().code())
                .thenComparing(FailedTokenUseCount::clientIp));
        return found;
    }

    public synchronized void failWrites(boolean fail) {
        this.failWrites = fail;
    }

    /** Successful calls to {@link #add}. */
    public synchronized int writes() {
        return writes;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
