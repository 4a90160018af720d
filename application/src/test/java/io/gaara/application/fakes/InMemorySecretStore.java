package io.gaara.application.fakes;

import io.gaara.application.port.out.Secret;
import io.gaara.application.port.out.SecretStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Secrets held in a map. Every {@link #put} is a new version with a new id, the way a rotation in
 * a real secrets manager is, so tests can rotate a signing key and watch the key id change.
 */
public final class InMemorySecretStore implements SecretStore {
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private final AtomicLong lastVersion = new AtomicLong();
    public final AtomicInteger reads = new AtomicInteger();

    public InMemorySecretStore() {
    }

    public InMemorySecretStore(Map<String, String> initial) {
        initial.forEach(this::put);
    }

    /** Stores {@code value} as the new current version of {@code name} and returns it. */
    public Secret put(String name, String value) {
        Secret secret = new Secret(name, "mem-v" + lastVersion.incrementAndGet(), value);
        secrets.put(name, secret);
        return secret;
    }

    public void remove(String name) {
        secrets.remove(name);
    }

    @Override
    public Optional<Secret> read(String name) {
        Objects.requireNonNull(name, "name");
        reads.incrementAndGet();
        return Optional.ofNullable(secrets.get(name));
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
