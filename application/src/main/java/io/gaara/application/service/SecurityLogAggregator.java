package io.gaara.application.service;

import io.gaara.application.port.out.persistence.FailedTokenUseCount;
import io.gaara.application.port.out.persistence.FailedTokenUseCounts;
import io.gaara.application.port.out.security.SecurityLog;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.FailedTokenUse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The security log, counted in memory per (minute, client address, kind) and written by {@link #flush()}, which the
 * composition root calls on a schedule and at shutdown: ten thousand forged tokens from one address in a minute are one
 * stored count of ten thousand, not ten thousand rows, and a request never waits for the database.
 *
 * <p>Memory is bounded whatever the attacker sprays: past {@link Limits#maxAddresses()} distinct (minute, address,
 * kind) keys held, a new address is counted under {@link FailedTokenUseCount#OVERFLOW_IP} for its minute and kind (its
 * count survives, its address does not); past {@link #MAX_OVERFLOW_KEYS} of those (an hour of minutes while the
 * database is down) failures are only counted as dropped, and the flush reports how many. A minute's counts stay in
 * memory until written, so a failed write is tried again at the next flush with nothing lost.
 */
public final class SecurityLogAggregator implements SecurityLog {
    /** Room for every kind's overflow count for an hour of minutes. */
    static final int MAX_OVERFLOW_KEYS = FailedTokenUse.values().length * 60;
    /** Alerts reported per flush at most; the rest are counted in {@link Flush#alertsSuppressed()}. */
    static final int MAX_ALERTS = 20;

    /**
     * @param maxAddresses distinct (minute, address, kind) counts held in memory at most
     * @param alertThreshold failures of one kind from one address within a minute that raise an {@link Alert}
     */
    public record Limits(int maxAddresses, long alertThreshold) {
        public static final int MIN_ADDRESSES = 100;
        public static final int MAX_ADDRESSES = 1_000_000;
        public static final Limits DEFAULT = new Limits(10_000, 100);

        public Limits {
            if (maxAddresses < MIN_ADDRESSES || maxAddresses > MAX_ADDRESSES) {
                throw new IllegalArgumentException(
                        "maxAddresses must be between " + MIN_ADDRESSES + " and " + MAX_ADDRESSES);
            }
            if (alertThreshold < 1) {
                throw new IllegalArgumentException("alertThreshold must be at least 1");
            }
        }
    }

    /** One address reached the alert threshold for one kind within {@code minute}. */
    public record Alert(Instant minute, String clientIp, FailedTokenUse kind, long threshold) {}

    /**
     * What one flush did.
     *
     * @param written counts written (rows added to or created)
     * @param failures failed token uses those counts hold
     * @param pending counts still held in memory after the flush (those of the minute under way, those not written)
     * @param dropped failures neither counted nor written since the last flush, for want of room
     * @param failure the simple name of the exception that kept the counts from being written, or null
     */
    public record Flush(
            int written,
            long failures,
            int pending,
            long dropped,
            List<Alert> alerts,
            int alertsSuppressed,
            String failure) {
        public Flush {
            alerts = List.copyOf(alerts);
        }
    }

    private record Key(Instant minute, String clientIp, FailedTokenUse kind) {}

    /** Guarded by the aggregator's lock. */
    private static final class Tally {
        final boolean overflow;
        long count;
        long written;
        Instant firstSeen;
        Instant lastSeen;

        Tally(Instant now, boolean overflow) {
            this.overflow = overflow;
            this.firstSeen = now;
            this.lastSeen = now;
        }
    }

    private record Delta(Key key, Tally tally, long count, FailedTokenUseCount row) {}

    private static final Comparator<Key> WRITE_ORDER =
            Comparator.comparing(Key::minute).thenComparing(Key::kind).thenComparing(Key::clientIp);

    private final FailedTokenUseCounts store;
    private final Limits limits;
    private final Clock clock;
    private final Object flushing = new Object();
    private final Map<Key, Tally> tallies = new HashMap<>();
    private final List<Alert> alerts = new ArrayList<>();
    private int addressKeys;
    private int overflowKeys;
    private long dropped;
    private int alertsSuppressed;

    public SecurityLogAggregator(FailedTokenUseCounts store, Limits limits, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void failedTokenUse(FailedTokenUse kind, ClientInfo client) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(client, "client");
        Instant now = clock.instant();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        synchronized (this) {
            Key key = new Key(minute, client.ip(), kind);
            Tally tally = tallies.get(key);
            if (tally == null) {
                if (addressKeys < limits.maxAddresses()) {
                    tally = new Tally(now, false);
                    tallies.put(key, tally);
                    addressKeys++;
                } else {
                    key = new Key(minute, FailedTokenUseCount.OVERFLOW_IP, kind);
                    tally = tallies.get(key);
                    if (tally == null) {
                        if (overflowKeys >= MAX_OVERFLOW_KEYS) {
                            dropped++;
                            return;
                        }
                        tally = new Tally(now, true);
                        tallies.put(key, tally);
                        overflowKeys++;
                    }
                }
            }
            tally.count++;
            if (now.isBefore(tally.firstSeen)) {
                tally.firstSeen = now;
            }
            if (now.isAfter(tally.lastSeen)) {
                tally.lastSeen = now;
            }
            if (tally.count == limits.alertThreshold()) {
                if (alerts.size() < MAX_ALERTS) {
                    alerts.add(new Alert(minute, key.clientIp(), kind, limits.alertThreshold()));
                } else {
                    alertsSuppressed++;
                }
            }
        }
    }

    /**
     * Writes what was counted since the last successful write, in one call to the store, and forgets the minutes that
     * are over and written. A failing store loses nothing: the same counts (and those added meanwhile) go at the next
     * flush. Never throws for the store's sake.
     */
    public Flush flush() {
        synchronized (flushing) {
            List<Delta> deltas = new ArrayList<>();
            List<Alert> raised;
            int suppressed;
            long droppedNow;
            synchronized (this) {
                tallies.entrySet().stream()
                        .filter(e -> e.getValue().count > e.getValue().written)
                        .sorted(Map.Entry.comparingByKey(WRITE_ORDER))
                        .forEach(e -> deltas.add(delta(e.getKey(), e.getValue())));
                raised = List.copyOf(alerts);
                alerts.clear();
                suppressed = alertsSuppressed;
                alertsSuppressed = 0;
                droppedNow = dropped;
                dropped = 0;
            }
            String failure = null;
            if (!deltas.isEmpty()) {
                try {
                    // sorted, so two instances writing the same keys lock their rows in one order and never deadlock
                    store.add(deltas.stream().map(Delta::row).toList());
                } catch (RuntimeException e) {
                    failure = e.getClass().getSimpleName();
                }
            }
            long failures = deltas.stream().mapToLong(Delta::count).sum();
            synchronized (this) {
                if (failure == null) {
                    deltas.forEach(d -> d.tally().written += d.count());
                }
                forgetWrittenMinutes(clock.instant().truncatedTo(ChronoUnit.MINUTES));
                return new Flush(
                        failure == null ? deltas.size() : 0,
                        failure == null ? failures : 0,
                        tallies.size(),
                        droppedNow,
                        raised,
                        suppressed,
                        failure);
            }
        }
    }

    private static Delta delta(Key key, Tally tally) {
        long count = tally.count - tally.written;
        return new Delta(
                key,
                tally,
                count,
                new FailedTokenUseCount(
                        key.minute(), key.clientIp(), key.kind(), count, tally.firstSeen, tally.lastSeen));
    }

    /** Guarded by the aggregator's lock. */
    private void forgetWrittenMinutes(Instant currentMinute) {
        Iterator<Map.Entry<Key, Tally>> it = tallies.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Tally> entry = it.next();
            Tally tally = entry.getValue();
            if (entry.getKey().minute().isBefore(currentMinute) && tally.written == tally.count) {
                it.remove();
                if (tally.overflow) {
                    overflowKeys--;
                } else {
                    addressKeys--;
                }
            }
        }
    }
}
