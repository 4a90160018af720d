package io.gaara.application.port.out.secrets;

/**
 * The secrets backend did not answer (network, throttling, permissions, outage): unlike an absent secret, a cache may
 * keep serving the last value it had. The message names the secret and the backend, never a value.
 */
public class SecretStoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SecretStoreUnavailableException(String message) {
        super(message);
    }

    /** The cause's class is kept for diagnosis; adapters pass causes whose messages carry no secret values. */
    public SecretStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
