package io.gaara.adapters.secrets.cache;

import java.util.Objects;
import java.util.function.DoubleSupplier;

/** The one jitter source of a cache, shared by its backoff and its refresh points; each draw is a value in [0, 1]. */
final class Jitter {
    private final DoubleSupplier source;

    Jitter(DoubleSupplier source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * The next draw; a NaN counts as the middle and anything outside [0, 1] is clamped, so a bad source cannot make a
     * delay negative.
     */
    double next() {
        double j = source.getAsDouble();
        return Double.isNaN(j) ? 0.5 : Math.min(1.0, Math.max(0.0, j));
    }
}
