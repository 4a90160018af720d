package io.gaara.application.fakes;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Secrets held in a map. Every {@link #put} is a new version with a new id, the way a rotation in a real secrets
 * manager is, and the version before stays readable as previous; {@link #stagePending} holds a version that is not
 * current yet; {@link #withdraw} deletes the current version and leaves the name withdrawn. {@link #failing} simulates
 * an outage.
 */
public final class InMemorySecretStore implements SecretStore {
    private record Versions(Secret current, Secret previous, Secret pending, boolean withdrawn) {
        Versions(Secret current, Secret previous, Secret pending) {
            this(current, previous, pending, false);
        }
    }

    private final Map<String, Versions> secrets = new ConcurrentHashMap<>();
    private final AtomicLong lastVersion = new AtomicLong();
    private final AtomicBoolean failing = new AtomicBoolean();
    public final AtomicInteger reads = new AtomicInteger();

    public InMemorySecretStore() {}

    public InMemorySecretStore(Map<String, String> initial) {
        initial.forEach(this::put);
    }

    /**
     * Stores {@code value} as the new current version of {@code name} (the old one becomes previous) and returns it.
     */
    public Secret put(String name, String value) {
        Secret secret = newVersion(name, value);
        secrets.merge(
                name, new Versions(secret, null, null), (old, ignored) -> new Versions(secret, old.current(), null));
        return secret;
    }

    /** Stores {@code value} as the pending version, leaving current and previous alone. */
    public Secret stagePending(String name, String value) {
        Secret secret = newVersion(name, value);
        secrets.compute(
                name,
                (n, old) -> old == null
                        ? new Versions(null, null, secret)
                        : new Versions(old.current(), old.previous(), secret));
        return secret;
    }

    /** Deletes the current version, as an operator deleting a compromised key would: the name stays, withdrawn. */
    public void withdraw(String name) {
        secrets.computeIfPresent(name, (n, old) -> new Versions(null, null, old.pending(), true));
    }

    public void remove(String name) {
        secrets.remove(name);
    }

    /** While true, every read throws {@link SecretStoreUnavailableException}, as a backend outage would. */
    public void failing(boolean on) {
        failing.set(on);
    }

    @Override
    public Optional<Secret> read(String name) {
        return readStage(name, SecretStage.CURRENT);
    }

    @Override
    public List<Secret> readAccepted(String name) {
        Objects.requireNonNull(name, "name");
        check(name);
        Versions v = secrets.get(name);
        List<Secret> accepted = new ArrayList<>();
        if (v != null && v.current() != null) {
            accepted.add(v.current());
            if (v.previous() != null) {
                accepted.add(v.previous());
            }
        }
        return List.copyOf(accepted);
    }

    @Override
    public Optional<Secret> readStage(String name, SecretStage stage) {
        Objects.requireNonNull(name, "name");
        check(name);
        reads.incrementAndGet();
        Versions v = secrets.get(name);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                switch (stage) {
                    case CURRENT -> v.current();
                    case PREVIOUS -> v.previous();
                    case PENDING -> v.pending();
                });
    }

    private void check(String name) {
        if (failing.get()) {
            throw new SecretStoreUnavailableException("in-memory secrets backend is failing (reading " + name + ")");
        }
    }

    private Secret newVersion(String name, String value) {
        return new Secret(name, "mem-v" + lastVersion.incrementAndGet(), value);
    }

    @Override
    public boolean withdrawn(String name) {
        Objects.requireNonNull(name, "name");
        check(name);
        Versions v = secrets.get(name);
        return v != null && v.withdrawn();
    }

    @Override
    public String backendName() {
        return "in-memory";
    }

    @Override
    public String toString() {
        return "InMemorySecretStore[names=" + secrets.keySet() + "]";
    }
}
