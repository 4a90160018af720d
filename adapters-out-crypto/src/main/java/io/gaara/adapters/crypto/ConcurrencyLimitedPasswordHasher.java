package io.gaara.adapters.crypto;

import io.gaara.application.port.out.PasswordHasher;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * Lets at most {@code permits} hashes run at once. Each argon2id hash holds 19 MiB and a core for
 * ~20 ms: running more at once than there are cores buys no throughput, only memory (200 request
 * threads would pin ~4 GiB) and longer latency for everyone. Callers beyond the limit queue fairly.
 */
public final class ConcurrencyLimitedPasswordHasher implements PasswordHasher {
    private final PasswordHasher delegate;
    private final Semaphore permits;

    public ConcurrencyLimitedPasswordHasher(PasswordHasher delegate, int permits) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (permits < 1) {
            throw new IllegalArgumentException("at least one concurrent hash must be allowed");
        }
        this.permits = new Semaphore(permits, true);
    }

    /** One permit per available processor. */
    public static ConcurrencyLimitedPasswordHasher perProcessor(PasswordHasher delegate) {
        return new ConcurrencyLimitedPasswordHasher(delegate, Runtime.getRuntime().availableProcessors());
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
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to hash a password");
        }
    }

    @Override
    public String toString() {
        return "ConcurrencyLimitedPasswordHasher[" + delegate + "]";
    }
}
