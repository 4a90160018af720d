package io.gaara.adapters.crypto.password;

/**
 * The argon2id cost that new hashes are made with; a stored hash made with any other cost is reported as needing a
 * rehash, so raising the cost here upgrades users as they log in.
 */
public record Argon2Parameters(int memoryKib, int iterations, int parallelism) {
    /** OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1. */
    public static final Argon2Parameters OWASP = new Argon2Parameters(19_456, 2, 1);

    // Bounds also applied to hashes read back from storage: a corrupted row must not make us
    // allocate gigabytes or spin for minutes.
    static final int MAX_MEMORY_KIB = 1 << 20;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 16;

    public Argon2Parameters {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("argon2 parallelism must be between 1 and " + MAX_PARALLELISM);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("argon2 iterations must be between 1 and " + MAX_ITERATIONS);
        }
        if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException(
                    "argon2 memory must be between 8 KiB per lane and " + MAX_MEMORY_KIB + " KiB");
        }
    }
}
