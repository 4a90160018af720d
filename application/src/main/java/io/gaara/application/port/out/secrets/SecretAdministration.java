package io.gaara.application.port.out.secrets;

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

    String backendName();
}
