package io.gaara.adapters.http;

import io.gaara.application.fakes.FakePasswordHasher;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The fake hasher behind a gate: once closed, every hash or verify waits until it opens again, and is counted. */
final class GatedPasswordHasher implements PasswordHasher {
    private final FakePasswordHasher hasher = new FakePasswordHasher();
    private final AtomicInteger waitedAtGate = new AtomicInteger();
    private volatile boolean open = true;

    synchronized void close() {
        open = false;
    }

    synchronized void open() {
        open = true;
        notifyAll();
    }

    /** How many hashes or verifications reached the gate while it was closed. */
    int waitedAtGate() {
        return waitedAtGate.get();
    }

    @Override
    public PasswordHash hash(Password password) {
        pass();
        return hasher.hash(password);
    }

    @Override
    public PasswordCheck verify(Password password, PasswordHash hash) {
        pass();
        return hasher.verify(password, hash);
    }

    private synchronized void pass() {
        if (open) {
            return;
        }
        waitedAtGate.incrementAndGet();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!open && System.nanoTime() < deadline) {
            try {
                wait(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
