package io.gaara.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves by hand, so lifetimes, refresh points and backoff are exercised without sleeping. Microsecond
 * precision, as PostgreSQL keeps it: a time written reads back equal.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final AtomicReference<Duration> perRead = new AtomicReference<>(Duration.ZERO);

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start.truncatedTo(ChronoUnit.MICROS));
    }

    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    /**
     * From now on every read moves the clock on by {@code step} once it has answered ({@link Duration#ZERO}, the
     * default: only {@link #advance} moves it). Time then passes as the code under test works, and more of it on a path
     * that does more: what a "same time whatever the path" rule must make up for.
     */
    public void advanceOnEveryRead(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back");
        }
        perRead.set(step);
    }

    @Override
    public Instant instant() {
        Duration step = perRead.get();
        return step.isZero() ? now.get() : now.getAndUpdate(t -> t.plus(step));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
