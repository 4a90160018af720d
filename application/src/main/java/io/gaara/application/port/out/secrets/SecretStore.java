package io.gaara.application.port.out.secrets;

import java.util.List;
import java.util.Optional;

/** Reads the server's secrets (signing keys, database credentials) by logical name from wherever they are kept. */
public interface SecretStore {
    /**
     * The current version of the secret, or empty when the backend has none by that name.
     *
     * @throws SecretStoreUnavailableException when the backend cannot answer (which is not "absent")
     */
    Optional<Secret> read(String name);

    /**
     * The versions a verifier may still accept, current first and then the previous one, so that a key rotation logs
     * nobody out. Empty when the backend has none by that name. Backends without versions answer the current value
     * alone.
     */
    default List<Secret> readAccepted(String name) {
        return read(name).map(List::of).orElse(List.of());
    }

    /**
     * One stage of a secret, for credential rotation; backends without stages only know {@link SecretStage#CURRENT}.
     */
    default Optional<Secret> readStage(String name, SecretStage stage) {
        return stage == SecretStage.CURRENT ? read(name) : Optional.empty();
    }

    /**
     * Whether this backend holds {@code name} although it has no current value for it: its current version was deleted
     * or destroyed (an operator withdrawing a compromised key, say). A chain of backends must then stop at this one
     * rather than take the name from the next; {@link #read} still answers empty. Backends that cannot hold a name
     * without a value answer false.
     *
     * @throws SecretStoreUnavailableException when the backend cannot answer
     */
    default boolean withdrawn(String name) {
        return false;
    }

    /** Which backend answers, for diagnostics (never a value). */
    String backendName();
}
