package io.gaara.adapters.secrets.cache;

import io.gaara.application.fakes.InMemorySecretStore;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The in-memory backend seen through a counter of trips (with the time of each), and able to hang on a gate (a slow
 * backend) or throw any exception. The fake's own {@code reads} counter does not count {@code readAccepted}, which is
 * what the cache calls.
 */
final class ScriptedSecretStore implements SecretStore {
    final InMemorySecretStore backend;
    final List<Instant> trips = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch entered = new CountDownLatch(1);
    private volatile RuntimeException throwing;

    ScriptedSecretStore(InMemorySecretStore backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    /** Every trip from now on hangs until {@link #release()}; {@link #awaitTripStarted()} waits for the next one. */
    void hang() {
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    boolean awaitTripStarted() throws InterruptedException {
        return entered.await(5, TimeUnit.SECONDS);
    }

    void throwing(RuntimeException e) {
        throwing = e;
    }

    int tripCount() {
        return trips.size();
    }

    @Override
    public Optional<Secret> read(String name) {
        trip();
        return backend.read(name);
    }

    @Override
    public List<Secret> readAccepted(String name) {
        trip();
        return backend.readAccepted(name);
    }

    @Override
    public Optional<Secret> readStage(String name, SecretStage stage) {
        trip();
        return backend.readStage(name, stage);
    }

    private void trip() {
        trips.add(clock.instant());
        entered.countDown();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                if (!g.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test gate never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the test gate", e);
            }
        }
        RuntimeException e = throwing;
        if (e != null) {
            throw e;
        }
    }

    @Override
    public String backendName() {
        return "scripted";
    }
}
