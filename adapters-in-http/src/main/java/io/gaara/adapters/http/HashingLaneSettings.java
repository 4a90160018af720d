package io.gaara.adapters.http;

import java.time.Duration;
import java.util.Objects;

/** The hashing lane of the login and register endpoints: threads, waiting places, the longest wait in line. */
public record HashingLaneSettings(int threads, int queue, Duration maxWait) {
    public HashingLaneSettings {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("hashing threads must be between 1 and 256");
        }
        if (queue < 0 || queue > 10_000) {
            throw new IllegalArgumentException("hashing queue must be between 0 and 10000");
        }
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("hashing max wait must be positive");
        }
    }

    /** One thread per core (a hash keeps a core busy), eight waiting places per thread, one second at most in line. */
    public static HashingLaneSettings defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new HashingLaneSettings(cores, 8 * cores, Duration.ofSeconds(1));
    }
}
