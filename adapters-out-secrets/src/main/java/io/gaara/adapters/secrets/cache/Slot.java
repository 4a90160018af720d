package io.gaara.adapters.secrets.cache;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/** The cache entry of one name: its state, replaced whole, and who is fetching it. */
final class Slot {
    final String name;
    /** Held by the one caller per name that waits for the backend; the others wait on it and take its answer. */
    final Object loadLock = new Object();
    /** Set while a background re-read of this name is queued or running, so there is at most one. */
    final AtomicBoolean refreshing = new AtomicBoolean();

    volatile SlotState state;
    private long started;
    private long applied;

    Slot(String name) {
        this.name = name;
    }

    /** Numbers a trip to the backend for this name, in the order the trips start. */
    synchronized long begin() {
        return ++started;
    }

    /**
     * Applies the outcome of trip {@code attempt} unless a trip that started later has already been applied (an
     * explicit refresh overtaking a slow background one): an older answer never replaces a newer one. Null when
     * discarded.
     */
    synchronized Transition apply(long attempt, UnaryOperator<SlotState> update) {
        if (attempt < applied) {
            return null;
        }
        applied = attempt;
        SlotState before = state;
        state = update.apply(before);
        return new Transition(before, state);
    }

    record Transition(SlotState before, SlotState after) {}
}
