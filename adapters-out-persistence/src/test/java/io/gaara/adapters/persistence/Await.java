package io.gaara.adapters.persistence;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until a deadline; returns how long it took, or fails. */
final class Await {
    private Await() {}

    static Duration until(Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("condition not met within " + deadline.toMillis() + " ms");
    }

    /** True when the condition stayed false for the whole period. */
    static boolean staysFalse(Duration period, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
