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
    /**
     * The most work (memory in KiB times passes) one check may ask for, for new hashes and stored ones alike: about 13
     * times the OWASP cost, 0.2 s on a 2-core server, under the login failure floor. RFC 9106's second recommendation
     * (64 MiB, t=3) fits.
     */
    public static final long MAX_WORK_KIB_PASSES = 262_144;

    /** Memory in KiB times passes: what one check costs, up to a constant. */
    public long work() {
        return (long) memoryKib * iterations;
    }

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
