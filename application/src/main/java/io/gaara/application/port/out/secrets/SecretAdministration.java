package io.gaara.application.port.out.secrets;

import java.util.Optional;

/**
 * Writes secrets for the operator's commands ({@code secrets init}, {@code secrets rotate}); the server itself only
 * ever reads.
 */
public interface SecretAdministration {
    /** Creates the secret with this first value unless it exists; true when it was created. */
    boolean createIfAbsent(String name, String value);

    /** Stores {@code value} as the pending version of an existing secret and returns its version id. */
    String stagePending(String name, String value);

    /** Makes that pending version current; the old current becomes the previous one. */
    void promotePending(String name, String versionId);

    /**
     * The backend's own marker of the current version of what holds {@code name} (the whole JSON secret in one-secret
     * mode, so that an edit of another name counts): {@code secrets rotate} reads it before staging and again before
     * promoting, and stops when it moved. Never derived from a value.
     *
     * @throws IllegalStateException when the secret does not exist
     */
    String currentRevision(String name);

    /**
     * Takes a staged version out of the pending stage without making it current, after a rotation was stopped; where a
     * written version is live at once (Vault), there is nothing to take back and this does nothing.
     */
    void discardPending(String name, String versionId);

    /**
     * False where a written version is current at once (Vault KV v2 has no stages): there {@link #stagePending} already
     * made the new value live, and what the operator is told must say so.
     */
    default boolean stagesBeforeLive() {
        return true;
    }

    /**
     * Withdraws the previous version of {@code name}, so that tokens it signed stop verifying once each server's cache
     * re-reads the secret (for a key that leaked). In one-JSON-secret mode the previous version is that of the whole
     * secret: every name whose value changed in the last write loses its previous version too.
     *
     * @return a description of the version withdrawn, or empty when there was none
     */
    Optional<String> retirePrevious(String name);

    String backendName();
}
