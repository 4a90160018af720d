package io.gaara.adapters.secrets.chain;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An ordered fallback list of backends ({@code GAARA_SECRETS_BACKEND=aws,env}) that never lets a failing primary hand
 * over silently to a development source.
 *
 * <p>A name absent from one backend is asked of the next; the first that has it answers. A backend that holds the name
 * but has withdrawn its current value ({@link SecretStore#withdrawn}: a Vault secret whose latest version was deleted)
 * ends the lookup as absent: an operator deleting a compromised key must not silently switch the server to the
 * {@code .env} key. A backend that fails ({@link SecretStoreUnavailableException} or any other exception) ends the
 * lookup with that failure: falling through would swap a production key for whatever the next source holds (a
 * {@code .env} value, say) exactly when nobody is looking, so the failure goes up to the cache, which keeps serving the
 * last good value. Backends after the one that answers are never asked.
 *
 * <p>The backend that holds a name owns all its stages: {@link #readStage} for a pending or previous version does not
 * look further once a backend has the name's current version, so versions of one secret from two backends are never
 * mixed.
 */
public final class ChainedSecretStore implements SecretStore {
    private final List<SecretStore> backends;

    /** @param backends in the order they are asked; at least one */
    public ChainedSecretStore(List<? extends SecretStore> backends) {
        this.backends = List.copyOf(Objects.requireNonNull(backends, "backends"));
        if (this.backends.isEmpty()) {
            throw new IllegalArgumentException("a chain of secret stores needs at least one backend");
        }
    }

    public static ChainedSecretStore of(SecretStore... backends) {
        return new ChainedSecretStore(List.of(backends));
    }

    @Override
    public Optional<Secret> read(String name) {
        Objects.requireNonNull(name, "name");
        for (SecretStore backend : backends) {
            Optional<Secret> secret = backend.read(name);
            if (secret.isPresent() || backend.withdrawn(name)) {
                return secret;
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Secret> readAccepted(String name) {
        Objects.requireNonNull(name, "name");
        for (SecretStore backend : backends) {
            List<Secret> accepted = backend.readAccepted(name);
            if (!accepted.isEmpty() || backend.withdrawn(name)) {
                return accepted;
            }
        }
        return List.of();
    }

    @Override
    public Optional<Secret> readStage(String name, SecretStage stage) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stage, "stage");
        for (SecretStore backend : backends) {
            Optional<Secret> secret = backend.readStage(name, stage);
            if (secret.isPresent()) {
                return secret;
            }
            if (stage == SecretStage.CURRENT
                    ? backend.withdrawn(name)
                    : backend.read(name).isPresent() || backend.withdrawn(name)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Withdrawn in the first backend that holds the name at all. */
    @Override
    public boolean withdrawn(String name) {
        Objects.requireNonNull(name, "name");
        for (SecretStore backend : backends) {
            if (backend.withdrawn(name)) {
                return true;
            }
            if (backend.read(name).isPresent()) {
                return false;
            }
        }
        return false;
    }

    /** The backends' names in order, joined by commas, as configured: {@code "aws,env"}. */
    @Override
    public String backendName() {
        return backends.stream().map(SecretStore::backendName).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return "ChainedSecretStore[" + backendName() + "]";
    }
}
