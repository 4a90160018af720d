package io.gaara.application;

/**
 * A dependency the use case needs (the database, the password hashing capacity) cannot serve the request right now; the
 * same request may succeed if retried shortly. The message is safe to show and never names the dependency's address or
 * credentials.
 */
public class TemporarilyUnavailableException extends ApplicationException {
    private static final long serialVersionUID = 1L;

    public TemporarilyUnavailableException(String message) {
        super(message);
    }
}
