package io.gaara.adapters.persistence;

/**
 * The {@code DATABASE_URL} secret has neither shape {@link DatabaseSecret} reads. The message names the secret and its
 * version, never its value.
 */
public final class InvalidDatabaseSecretException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDatabaseSecretException(String message) {
        super(message);
    }
}
