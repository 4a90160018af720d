package io.gaara.application.port.out;

import java.util.Optional;

/** Reads the server's secrets (signing keys, database credentials) by logical name from wherever they are kept. */
public interface SecretStore {
    /** The current version of the secret, or empty when the backend has none by that name. */
    Optional<Secret> read(String name);

    /** Which backend answers, for diagnostics (never a value). */
    String backendName();
}
