package io.gaara.adapters.crypto.password;

import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets at most {@code permits} hashes run at once. Each argon2id hash holds 19 MiB and a core for ~20 ms: running more
 * at once than there are cores buys no throughput, only memory (200 request threads would pin ~4 GiB) and longer
 * latency for everyone. Callers beyond the limit queue fairly, but not forever: past {@code maxWait} the caller gets
 * {@link TemporarilyUnavailableException} (503, retry) rather than holding a request thread while the queue only grows.
 */
public final class ConcurrencyLimitedPasswordHasher implements PasswordHasher {
    /** Far beyond a healthy queue (hundreds of hashes), well inside a client's patience. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(5);

    private final PasswordHasher delegate;
    private final Semaphore permits;
    private final long maxWaitNanos;

    public ConcurrencyLimitedPasswordHasher(PasswordHasher delegate, int permits) {
        this(delegate, permits, DEFAULT_MAX_WAIT);
    }

    public ConcurrencyLimitedPasswordHasher(PasswordHasher delegate, int permits, Duration maxWait) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (permits < 1) {
            throw new IllegalArgumentException("at least one concurrent hash must be allowed");
        }
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("the wait for a hash cannot be negative");
        }
        this.permits = new Semaphore(permits, true);
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** One permit per available processor. */
    public static ConcurrencyLimitedPasswordHasher perProcessor(PasswordHasher delegate) {
        return new ConcurrencyLimitedPasswordHasher(
                delegate, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public PasswordHash hash(Password password) {
        acquire();
        try {
            return delegate.hash(password);
        } finally {
            permits.release();
        }
    }

    @Override
    public PasswordCheck verify(Password password, PasswordHash hash) {
        acquire();
        try {
            return delegate.verify(password, hash);
        } finally {
            permits.release();
        }
    }

    private void acquire() {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // the server is stopping this thread: give the request a clean 503, keep the interrupt
            Thread.currentThread().interrupt();
            throw busy();
        }
        if (!acquired) {
            throw busy();
        }
    }

    private static TemporarilyUnavailableException busy() {
        return new TemporarilyUnavailableException("The server is busy; retry shortly.");
    }

    @Override
    public String toString() {
        return "ConcurrencyLimitedPasswordHasher[" + delegate + "]";
    }
}
