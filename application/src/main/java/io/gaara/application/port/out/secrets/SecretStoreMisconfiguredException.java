package io.gaara.application.port.out.secrets;

/**
 * The secrets backend answers, but is set up so that Gaara cannot use it safely (a Vault mount that is not KV version
 * 2, say), and waiting will not change that: the server refuses to start on it. Once running, it is treated like any
 * other {@link SecretStoreUnavailableException}: the cache keeps serving what it had. The message says what is wrong
 * and how to fix it, never a value.
 */
public class SecretStoreMisconfiguredException extends SecretStoreUnavailableException {
    private static final long serialVersionUID = 1L;

    public SecretStoreMisconfiguredException(String message) {
        super(message);
    }
}
